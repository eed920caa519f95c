package cli

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestResetPasswordCommand: "tend practitioner reset-password" reads the
// new password from stdin, ends the account's sessions and API tokens, and
// with --temporary forces a change; a short password is refused in one
// clear line and changes nothing.
func TestResetPasswordCommand(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			keys, _ := models.NewKeyLine("k1")
			cfg := commandEnv(t, db, "TEND_ENCRYPTION_KEYS", keys)
			run := func(stdin string, args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := Run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
				return out.String(), err
			}
			if _, err := run("first password 123\n", "practitioner", "add", "--email", "ada@example.org", "--name", "Ada"); err != nil {
				t.Fatal(err)
			}
			store, err := app.OpenStore(cfg, app.Options{}, slog.New(slog.DiscardHandler))
			if err != nil {
				t.Fatal(err)
			}
			defer store.Close()
			ctx := context.Background()
			p, err := store.Authenticate(ctx, "ada@example.org", "first password 123")
			if err != nil {
				t.Fatal(err)
			}
			sessTok, _, _ := store.CreateSession(ctx, p.ID)
			apiTok, _, _ := store.CreateAPIToken(ctx, p.ID, "script")

			_, err = run("short\n", "practitioner", "reset-password", "--email", "ada@example.org")
			if err == nil || err.Error() != "the password (stdin) must be at least 10 characters" {
				t.Fatalf("short password: got %v, want one clear line", err)
			}
			if _, err := store.Authenticate(ctx, "ada@example.org", "first password 123"); err != nil {
				t.Fatal("a refused reset changed the password")
			}
			if _, err := run("second password 456\n", "practitioner", "reset-password", "--email", "nobody@example.org"); err == nil ||
				err.Error() != "no account with the email nobody@example.org" {
				t.Fatalf("unknown email: %v", err)
			}

			out, err := run("second password 456\n", "practitioner", "reset-password", "--email", "ada@example.org", "--temporary")
			if err != nil || !strings.Contains(out, "they choose a new password at the next sign-in") {
				t.Fatalf("reset: %q %v", out, err)
			}
			p, err = store.Authenticate(ctx, "ada@example.org", "second password 456")
			if err != nil || !p.MustChangePassword {
				t.Fatalf("after --temporary: %v, must change %v", err, p != nil && p.MustChangePassword)
			}
			if _, _, err := store.SessionPractitioner(ctx, sessTok, cfg.SessionIdle, cfg.SessionMax); err == nil {
				t.Fatal("the old session still works")
			}
			if _, err := store.APITokenPractitioner(ctx, apiTok); err == nil {
				t.Fatal("the old API token still works")
			}
			if _, err := run("third password 789\n", "practitioner", "reset-password", "--email", "ada@example.org"); err != nil {
				t.Fatal(err)
			}
			if p, err = store.Authenticate(ctx, "ada@example.org", "third password 789"); err != nil || p.MustChangePassword {
				t.Fatalf("without --temporary: %v, must change %v", err, p != nil && p.MustChangePassword)
			}
		})
	}
}

// commandEnv runs a command test in a fresh directory on a fresh database
// of db, with the keys variable keyVar set to keys; it returns the config
// the commands will load.
func commandEnv(t *testing.T, db testenv.DB, keyVar, keys string) config.Config {
	t.Helper()
	t.Chdir(t.TempDir())
	t.Setenv("TEND_DATABASE_URL", testenv.FreshURL(t, db))
	t.Setenv(keyVar, keys)
	t.Setenv("TEND_BASE_URL", "https://tend.example.org")
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}
