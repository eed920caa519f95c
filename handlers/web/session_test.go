package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
)

// signIn posts the login form and returns the session cookie as set.
func signIn(t *testing.T, b *browser, p *testenv.Practitioner) *http.Cookie {
	t.Helper()
	_, body := b.do("GET", "/login", nil)
	resp, body := b.do("POST", "/login", url.Values{"_csrf": {formToken(t, body)}, "email": {p.Email}, "password": {p.Password}})
	if resp.StatusCode != 303 {
		t.Fatalf("sign in: %d %s", resp.StatusCode, body)
	}
	for _, c := range resp.Cookies() {
		if strings.HasSuffix(c.Name, "tend_session") {
			return c
		}
	}
	t.Fatal("no session cookie")
	return nil
}

// TestSessionTimeouts: a session ends after an hour idle, and after 24 h
// however active (T-B5). A session id chosen before sign-in is never adopted (T-B3).
func TestSessionTimeouts(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Timed", false)
			b := newBrowser(env)

			// Fixation: a cookie planted before sign-in is replaced, and the
			// planted value never signs anyone in.
			b.SetCookie("tend_session", "attacker-chosen-value-0123456789abcdefghijkl")
			ck := signIn(t, b, p)
			if ck.Value == "attacker-chosen-value-0123456789abcdefghijkl" || len(ck.Value) < 43 {
				t.Fatalf("sign-in kept a planted or short session id: %q", ck.Value)
			}
			planted := newBrowser(env)
			planted.SetCookie("tend_session", "attacker-chosen-value-0123456789abcdefghijkl")
			if resp, _ := planted.do("GET", "/", nil); resp.StatusCode != 303 {
				t.Fatalf("a planted cookie signed in: %d", resp.StatusCode)
			}

			// Idle: 59 minutes is fine, then 61 minutes idle ends it.
			env.Clock.Advance(59 * time.Minute)
			if resp, _ := b.do("GET", "/", nil); resp.StatusCode != 200 {
				t.Fatalf("after 59 idle minutes: %d", resp.StatusCode)
			}
			env.Clock.Advance(61 * time.Minute)
			if resp, body := b.do("GET", "/", nil); resp.StatusCode != 303 || !strings.Contains(resp.Header.Get("Location"), "/login") {
				t.Fatalf("after 61 idle minutes: %d %s", resp.StatusCode, body)
			}

			// Absolute: active every 10 minutes, still out after 24 h.
			signIn(t, b, p)
			start := env.Clock.Now()
			for env.Clock.Now().Sub(start) < 24*time.Hour-10*time.Minute {
				env.Clock.Advance(10 * time.Minute)
				if resp, _ := b.do("GET", "/clients", nil); resp.StatusCode != 200 {
					t.Fatalf("active session ended early at %s", env.Clock.Now().Sub(start))
				}
			}
			env.Clock.Advance(11 * time.Minute)
			if resp, _ := b.do("GET", "/clients", nil); resp.StatusCode != 303 {
				t.Fatalf("session outlived 24 h: %d", resp.StatusCode)
			}
		})
	}
}

// TestSecureCookies: served over https, the session cookie is __Host-
// prefixed, Secure, HttpOnly, SameSite=Lax, Path=/ and has no Domain (T-B4);
// HSTS is sent.
func TestSecureCookies(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) {
		c.BaseURL, c.SecureCookies = "https://tend.example.org", true
	})
	p := env.NewPractitioner("Secure", false)
	b := newBrowser(env)
	resp, body := b.do("GET", "/login", nil)
	if !strings.Contains(resp.Header.Get("Strict-Transport-Security"), "max-age=31536000") {
		t.Fatal("no HSTS over https")
	}
	resp, body = b.do("POST", "/login", url.Values{"_csrf": {formToken(t, body)}, "email": {p.Email}, "password": {p.Password}})
	if resp.StatusCode != 303 {
		t.Fatalf("sign in: %d %s", resp.StatusCode, body)
	}
	// The session and the known-device cookie alike.
	for _, name := range []string{"__Host-tend_session", "__Host-tend_device"} {
		var raw string
		for _, h := range resp.Header.Values("Set-Cookie") {
			if strings.HasPrefix(h, name+"=") {
				raw = h
			}
		}
		if raw == "" {
			t.Fatalf("no %s cookie: %v", name, resp.Header.Values("Set-Cookie"))
		}
		low := strings.ToLower(raw)
		for _, want := range []string{"secure", "httponly", "samesite=lax", "path=/"} {
			if !strings.Contains(low, want) {
				t.Errorf("%s cookie lacks %s: %s", name, want, raw)
			}
		}
		if strings.Contains(low, "domain=") {
			t.Errorf("%s cookie has a Domain: %s", name, raw)
		}
	}
}
