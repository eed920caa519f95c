package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMalformedDotEnvStopsTheStart: serve and migrate refuse to start on a
// broken .env with one line naming the file and the problem.
func TestMalformedDotEnvStopsTheStart(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	if err := os.WriteFile(filepath.Join(dir, ".env"), []byte("TEND_ADDR=localhost:8080 # port\nTEND_BASE_URL='a\"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, cmd := range []string{"serve", "migrate"} {
		var out, errOut bytes.Buffer
		err := Run(context.Background(), []string{cmd}, strings.NewReader(""), &out, &errOut)
		want := "config: .env line 2: unterminated quoted value"
		if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("%s: got %v, want one line starting %q", cmd, err, want)
		}
		if _, statErr := os.Stat(filepath.Join(dir, "tend.db")); statErr == nil {
			t.Fatalf("%s: created a database despite the broken .env", cmd)
		}
	}
}

// TestWorksheetsListInCourseOrder: `tend worksheets list` follows the
// course (origins first, small steps last), not the alphabet.
func TestWorksheetsListInCourseOrder(t *testing.T) {
	t.Parallel()
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"worksheets", "list"}, strings.NewReader(""), &out, &out); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, line := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		keys = append(keys, strings.Fields(line)[0])
	}
	want := "healthy-independence what-doing-it-alone-does connection-values help-seeking-origins relational-timeline always-on-guard support-map trust-with-what self-reliance-checkin weekly-connection-checkin asking-ladder asking-receiving-no delegation-at-work small-steps-experiment small-steps-followup letting-partner-in safety-plan looking-back"
	if got := strings.Join(keys, " "); got != want {
		t.Errorf("order:\n got %s\nwant %s", got, want)
	}
}
