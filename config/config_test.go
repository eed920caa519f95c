package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.DatabaseURL != "sqlite:tend.db" || c.BaseURL != "http://localhost:8080" ||
		c.KeyFile != "tend.key" || c.LinkTTL != 30*24*time.Hour || c.LinkAfterDue != 14*24*time.Hour ||
		c.SessionIdle != time.Hour || c.SessionMax != 24*time.Hour || c.SecureCookies || c.CrisisText != DefaultCrisisText {
		t.Fatalf("defaults: %+v", c)
	}
	if c.SQLitePath() != "tend.db" {
		t.Fatalf("sqlite path %q", c.SQLitePath())
	}
}

func TestHTTPSBaseURLTurnsOnSecureCookies(t *testing.T) {
	c, err := Load(env(map[string]string{"TEND_BASE_URL": "https://tend.example.org/", "TEND_DATABASE_URL": "postgres://u@h/db"}))
	if err != nil || !c.SecureCookies || c.BaseURL != "https://tend.example.org" || c.SQLitePath() != "" {
		t.Fatalf("%+v %v", c, err)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	cases := map[string]string{
		"TEND_LINK_TTL":        "forever",
		"TEND_SESSION_IDLE":    "-5m",
		"TEND_PDF_CONCURRENCY": "zero",
		"TEND_BASE_URL":        "tend.example.org",
		"TEND_DATABASE_URL":    "mysql://x",
		"TEND_LOG_LEVEL":       "loud",
		"TEND_BODY_LIMIT":      "0",
		"TEND_PDF_WAIT":        "soon",
	}
	for name, val := range cases {
		_, err := Load(env(map[string]string{name: val}))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: want an error naming %s, got %v", name, val, name, err)
		}
	}
}

func TestDotEnvDoesNotOverrideTheEnvironment(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".env")
	os.WriteFile(p, []byte("# comment\nTEND_TEST_A=from-file\nTEND_TEST_B = 'quoted'\n"), 0o600)
	t.Setenv("TEND_TEST_A", "from-env")
	os.Unsetenv("TEND_TEST_B")
	defer os.Unsetenv("TEND_TEST_B")
	if err := LoadDotEnv(p); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("TEND_TEST_A") != "from-env" || os.Getenv("TEND_TEST_B") != "quoted" {
		t.Fatalf("A=%q B=%q", os.Getenv("TEND_TEST_A"), os.Getenv("TEND_TEST_B"))
	}
	os.WriteFile(p, []byte("NOEQUALS\n"), 0o600)
	if err := LoadDotEnv(p); err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Fatalf("bad line: %v", err)
	}
	if err := LoadDotEnv(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Fatalf("a missing .env is fine: %v", err)
	}
}
