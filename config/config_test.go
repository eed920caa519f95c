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
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "localhost:8080" || c.DatabaseURL != "sqlite:tend.db" || c.BaseURL != "http://localhost:8080" ||
		c.KeyFile != "tend.key" || c.LinkTTL != 30*24*time.Hour || c.LinkAfterDue != 14*24*time.Hour ||
		c.SessionIdle != time.Hour || c.SessionMax != 24*time.Hour || c.SecureCookies || c.CrisisText != DefaultCrisisText ||
		c.AnswersVisibleFor != 72*time.Hour || c.LeaveURL != "https://www.bbc.co.uk/weather" ||
		c.DBTimeout != 10*time.Second || c.StartTimeout != 30*time.Second || c.ShutdownDrain != 5*time.Second || c.ShutdownTimeout != 20*time.Second {
		t.Fatalf("defaults: %+v", c)
	}
	if c.SQLitePath() != "tend.db" {
		t.Fatalf("sqlite path %q", c.SQLitePath())
	}
}

func TestHTTPSBaseURLTurnsOnSecureCookies(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"TEND_BASE_URL": "https://tend.example.org/", "TEND_DATABASE_URL": "postgres://u@h/db"}))
	if err != nil || !c.SecureCookies || c.BaseURL != "https://tend.example.org" || c.SQLitePath() != "" {
		t.Fatalf("%+v %v", c, err)
	}
}

// TestAddrPortZero: TEND_ADDR may name port 0 (tests bind it and read the
// address back from the "listening" line).
func TestAddrPortZero(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"TEND_ADDR": "127.0.0.1:0"}))
	if err != nil || c.Addr != "127.0.0.1:0" {
		t.Fatalf("%+v %v", c, err)
	}
}

// TestMetricsAddr: metrics are off unless TEND_METRICS_ADDR is set, and
// never share the app's own listener.
func TestMetricsAddr(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil || c.MetricsAddr != "" {
		t.Fatalf("default: %q %v", c.MetricsAddr, err)
	}
	c, err = Load(env(map[string]string{"TEND_METRICS_ADDR": "127.0.0.1:9090"}))
	if err != nil || c.MetricsAddr != "127.0.0.1:9090" {
		t.Fatalf("set: %q %v", c.MetricsAddr, err)
	}
	_, err = Load(env(map[string]string{"TEND_METRICS_ADDR": "localhost:8080"}))
	if err == nil || !strings.HasPrefix(err.Error(), "TEND_METRICS_ADDR: ") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("same as TEND_ADDR: want one line naming TEND_METRICS_ADDR, got %v", err)
	}
}

func TestInvalidValuesNameTheVariable(t *testing.T) {
	t.Parallel()
	cases := map[string]string{
		"TEND_LINK_TTL":         "forever",
		"TEND_SESSION_IDLE":     "-5m",
		"TEND_PDF_CONCURRENCY":  "zero",
		"TEND_BASE_URL":         "tend.example.org",
		"TEND_DATABASE_URL":     "mysql://x",
		"TEND_LOG_LEVEL":        "loud",
		"TEND_BODY_LIMIT":       "0",
		"TEND_PDF_WAIT":         "soon",
		"TEND_ADDR":             "8080",
		"TEND_METRICS_ADDR":     "9090",
		"TEND_DB_TIMEOUT":       "0s",
		"TEND_START_TIMEOUT":    "a while",
		"TEND_SHUTDOWN_DRAIN":   "-1s",
		"TEND_SHUTDOWN_TIMEOUT": "later",
	}
	for name, val := range cases {
		_, err := Load(env(map[string]string{name: val}))
		if err == nil || !strings.Contains(err.Error(), name) {
			t.Errorf("%s=%q: want an error naming %s, got %v", name, val, name, err)
		}
	}
}

// TestEncryptionKeyVariables: TEND_ENCRYPTION_KEY (or its older name
// TEND_ENCRYPTION_KEYS) replaces the default key file; naming a key and a
// key file, or both names, stops the start with one line.
func TestEncryptionKeyVariables(t *testing.T) {
	t.Parallel()
	c, err := Load(env(map[string]string{"TEND_ENCRYPTION_KEY": "KEY"}))
	if err != nil || c.Keys != "KEY" || c.KeysVar != "TEND_ENCRYPTION_KEY" || c.KeyFile != "" {
		t.Fatalf("TEND_ENCRYPTION_KEY: %+v %v", c, err)
	}
	c, err = Load(env(map[string]string{"TEND_ENCRYPTION_KEYS": "k1:KEY"}))
	if err != nil || c.Keys != "k1:KEY" || c.KeysVar != "TEND_ENCRYPTION_KEYS" {
		t.Fatalf("TEND_ENCRYPTION_KEYS: %+v %v", c, err)
	}
	c, err = Load(env(map[string]string{"TEND_ENCRYPTION_KEY_FILE": "/run/secrets/tend_key"}))
	if err != nil || c.Keys != "" || c.KeyFile != "/run/secrets/tend_key" {
		t.Fatalf("TEND_ENCRYPTION_KEY_FILE: %+v %v", c, err)
	}
	for _, bad := range []map[string]string{
		{"TEND_ENCRYPTION_KEY": "KEY", "TEND_ENCRYPTION_KEY_FILE": "tend.key"},
		{"TEND_ENCRYPTION_KEY": "KEY", "TEND_ENCRYPTION_KEYS": "k1:KEY"},
	} {
		_, err := Load(env(bad))
		if err == nil || !strings.HasPrefix(err.Error(), "TEND_ENCRYPTION_KEY") || strings.Contains(err.Error(), "KEY\"") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%v: want one line naming the variable, got %v", bad, err)
		}
	}
}

// dotenv writes a .env file and loads it with names unset beforehand (and
// restored after the test).
func dotenv(t *testing.T, content string, names ...string) error {
	t.Helper()
	for _, n := range names {
		t.Setenv(n, "")
		os.Unsetenv(n)
	}
	p := filepath.Join(t.TempDir(), ".env")
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return LoadDotEnv(p)
}

func TestDotEnvSyntax(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"inline comment", "X=8080 # port\n", "8080"},
		{"export", "export X=a\n", "a"},
		{"hash inside double quotes", `X="a # b"` + "\n", "a # b"},
		{"hash inside single quotes", "X='#a'  # note\n", "#a"},
		{"hash without space before it", "X=a#b\n", "a#b"},
		{"spaces around =", "X = 'quoted' \n", "quoted"},
		{"comment lines and CRLF", "# TEND\r\n\r\nX=b\r\n", "b"},
		{"empty value", "X=\n", ""},
		// godotenv expands $NAME in unquoted and double-quoted values;
		// single quotes keep a "$" (e.g. in a password) as written.
		{"dollar expands", "X=a$B\n", "a"},
		{"dollar in single quotes", "X='a$B'\n", "a$B"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if err := dotenv(t, c.file, "X", "B"); err != nil {
				t.Fatal(err)
			}
			if got, ok := os.LookupEnv("X"); !ok || got != c.want {
				t.Fatalf("X=%q (set %v), want %q", got, ok, c.want)
			}
		})
	}
}

// TestMalformedDotEnv: one line naming the file, the line and the problem,
// without the file's values.
func TestMalformedDotEnv(t *testing.T) {
	cases := []struct{ name, file, want string }{
		{"mismatched quotes", "A=1\nX='a\"\nB=secret-value\n", `line 2: unterminated quoted value`},
		{"no equals sign", "A=1\nNOEQUALS\n", `line 2: unexpected character "\n" in variable name`},
		{"no equals sign at the end", "A=1\nNOEQUALS", "line 2: a value without a NAME"},
		{"bad name", "A=1\nMY-KEY=secret-value\n", `line 2: unexpected character "-" in variable name`},
		{"after a multi-line value", "A=\"one\ntwo\"\nX='secret-value\n", "line 3: unterminated quoted value"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := dotenv(t, c.file, "A", "X", "B")
			if err == nil {
				t.Fatal("want an error")
			}
			msg := err.Error()
			if !strings.Contains(msg, ".env "+c.want) || strings.Contains(msg, "\n") || strings.Contains(msg, "secret") {
				t.Fatalf("got %q, want one line with %q and no values", msg, ".env "+c.want)
			}
		})
	}
}

func TestDotEnvDoesNotOverrideTheEnvironment(t *testing.T) {
	t.Setenv("TEND_TEST_A", "from-env")
	if err := dotenv(t, "TEND_TEST_A=from-file\nTEND_TEST_B=from-file\n", "TEND_TEST_B"); err != nil {
		t.Fatal(err)
	}
	if os.Getenv("TEND_TEST_A") != "from-env" || os.Getenv("TEND_TEST_B") != "from-file" {
		t.Fatalf("A=%q B=%q", os.Getenv("TEND_TEST_A"), os.Getenv("TEND_TEST_B"))
	}
	t.Setenv("TEND_TEST_C", "")
	if err := dotenv(t, "TEND_TEST_C=from-file\n"); err != nil || os.Getenv("TEND_TEST_C") != "" {
		t.Fatalf("a variable set to empty in the environment still wins: %q %v", os.Getenv("TEND_TEST_C"), err)
	}
	if err := LoadDotEnv(filepath.Join(t.TempDir(), "missing")); err != nil {
		t.Fatalf("a missing .env is fine: %v", err)
	}
}

func TestBaseURLProblem(t *testing.T) {
	t.Parallel()
	for url, want := range map[string]string{
		"http://localhost:8080": BaseURLLocal, "https://localhost": BaseURLLocal,
		"http://127.0.0.1:8080": BaseURLLocal, "http://127.1.2.3": BaseURLLocal,
		"http://[::1]:8080": BaseURLLocal, "http://0.0.0.0:8080": BaseURLLocal,
		"http://:8080": BaseURLLocal, "http://app.localhost": BaseURLLocal,
		"http://192.168.1.20:8080": BaseURLUnencrypted, "http://tend.example.org": BaseURLUnencrypted,
		"https://tend.example.org": "", "https://192.168.1.20": "",
	} {
		if got := (Config{BaseURL: url}).BaseURLProblem(); got != want {
			t.Errorf("%s: got %q, want %q", url, got, want)
		}
	}
}

// TestClientPageSettingsAreValidatedAtStart: a bad answers window or leave
// URL stops the start with the variable named.
func TestClientPageSettingsAreValidatedAtStart(t *testing.T) {
	t.Parallel()
	for name, val := range map[string]string{"TEND_ANSWERS_VISIBLE_FOR": "3 days", "TEND_LEAVE_URL": "javascript:alert(1)"} {
		if _, err := Load(env(map[string]string{name: val})); err == nil || !strings.Contains(err.Error(), name) {
			t.Fatalf("%s=%q: %v", name, val, err)
		}
	}
	c, err := Load(env(map[string]string{"TEND_ANSWERS_VISIBLE_FOR": "24h", "TEND_LEAVE_URL": "https://example.org/"}))
	if err != nil || c.AnswersVisibleFor != 24*time.Hour || c.LeaveURL != "https://example.org/" {
		t.Fatalf("%+v %v", c, err)
	}
}

// TestRequire2FA: true or false (any case), anything else stops the start
// with the variable named.
func TestRequire2FA(t *testing.T) {
	t.Parallel()
	for val, want := range map[string]bool{"": false, "false": false, "true": true, "TRUE": true} {
		c, err := Load(env(map[string]string{"TEND_REQUIRE_2FA": val}))
		if err != nil || c.Require2FA != want {
			t.Fatalf("TEND_REQUIRE_2FA=%q: %v %v", val, c.Require2FA, err)
		}
	}
	if _, err := Load(env(map[string]string{"TEND_REQUIRE_2FA": "yes please"})); err == nil || !strings.Contains(err.Error(), "TEND_REQUIRE_2FA") {
		t.Fatalf("bad value: %v", err)
	}
}
