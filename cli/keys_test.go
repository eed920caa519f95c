package cli

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestKeysRotateCommand: "tend keys rotate" adds a key to the key file
// (0600, old key kept) and prints no key; --finish moves every value to
// it; --drop-unused removes the old key and the notes still read; with
// TEND_ENCRYPTION_KEY the new line is printed and nothing else secret.
func TestKeysRotateCommand(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			keyFile := filepath.Join(t.TempDir(), "tend.key")
			cfg := commandEnv(t, db, "TEND_ENCRYPTION_KEY_FILE", keyFile)
			ctx := context.Background()
			open := func() *models.Store {
				t.Helper()
				s, err := app.OpenStore(cfg, app.Options{}, slog.New(slog.DiscardHandler))
				if err != nil {
					t.Fatal(err)
				}
				return s
			}
			s := open()
			p, err := s.CreatePractitioner(ctx, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "correct horse battery ada"})
			name, notes := "Sam K.", "sleeps badly since the move"
			var c *models.ClientView
			if err == nil {
				c, err = s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name, Notes: &notes})
			}
			if err != nil {
				t.Fatal(err)
			}
			oldID := s.Crypter().ActiveKeyID()
			s.Close()
			oldFile, _ := os.ReadFile(keyFile)

			run := func(args ...string) string {
				t.Helper()
				var out, errOut bytes.Buffer
				if err := Run(ctx, append([]string{"keys", "rotate"}, args...), strings.NewReader(""), &out, &errOut); err != nil {
					t.Fatalf("keys rotate %v: %v", args, err)
				}
				return out.String()
			}
			noSecrets := func(out string) {
				t.Helper()
				if keyB64 := regexp.MustCompile(`[A-Za-z0-9+/]{43}=`); keyB64.MatchString(out) || strings.Contains(out, notes) || strings.Contains(out, name) {
					t.Fatalf("output shows a key or data:\n%s", out)
				}
			}
			out := run()
			noSecrets(out)
			newFile, _ := os.ReadFile(keyFile)
			if !strings.HasPrefix(string(newFile), string(oldFile)) || len(newFile) <= len(oldFile) {
				t.Fatalf("key file after rotate does not keep the old key and add one")
			}
			if st, _ := os.Stat(keyFile); st.Mode().Perm() != 0o600 {
				t.Errorf("key file mode %v, want 0600", st.Mode().Perm())
			}
			// The client's notes and name.
			if !strings.Contains(out, "key "+oldID+": 2 values") {
				t.Errorf("rotate output lacks the count on the old key:\n%s", out)
			}
			out = run("--finish")
			noSecrets(out)
			if !strings.Contains(out, "re-encrypted 2 values") || !strings.Contains(out, "key "+oldID+": 0 values") {
				t.Errorf("--finish output:\n%s", out)
			}
			if out = run("--finish"); !strings.Contains(out, "re-encrypted 0 values") {
				t.Errorf("second --finish is not a no-op:\n%s", out)
			}
			if out = run("--drop-unused"); !strings.Contains(out, "dropped 1 unused keys from the key file: "+oldID) {
				t.Errorf("--drop-unused output:\n%s", out)
			}
			if kept, _ := os.ReadFile(keyFile); strings.Contains(string(kept), oldID+":") {
				t.Fatalf("old key still in the key file")
			}
			s = open()
			defer s.Close()
			if got, err := s.ClientByID(ctx, p.ID, c.ID); err != nil || got.Notes != notes {
				t.Fatalf("notes after rotation and drop: %v", err)
			}

			// With the keys in the environment: the new line is printed for
			// the operator, and no file is written.
			t.Setenv("TEND_ENCRYPTION_KEY_FILE", "")
			envKeys, _ := os.ReadFile(keyFile)
			t.Setenv("TEND_ENCRYPTION_KEY", strings.TrimSpace(string(envKeys)))
			os.Remove(keyFile)
			var o, e bytes.Buffer
			if err := Run(ctx, []string{"keys", "rotate"}, strings.NewReader(""), &o, &e); err != nil {
				t.Fatal(err)
			}
			lines := regexp.MustCompile(`(?m)^[0-9a-f]{16}:[A-Za-z0-9+/]{43}=$`).FindAllString(o.String(), -1)
			if len(lines) != 1 || strings.Contains(o.String(), os.Getenv("TEND_ENCRYPTION_KEY")) {
				t.Fatalf("env rotate should print exactly the new keyring line:\n%s", o.String())
			}
			if _, err := os.Stat(keyFile); err == nil {
				t.Errorf("env rotate wrote a key file")
			}
		})
	}
}
