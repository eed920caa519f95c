package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// browser is the shared test client, posting forms exactly as given: these
// tests read and send the CSRF token themselves.
type browser struct{ *testenv.Client }

func newBrowser(env *testenv.Env) *browser { return &browser{env.NewClient()} }

func (b *browser) do(method, path string, form url.Values) (*http.Response, string) {
	return b.SendForm(method, path, form)
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// formToken reads the CSRF token out of a page.
func formToken(t *testing.T, body string) string {
	t.Helper()
	m := csrfField.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no _csrf field in page")
	}
	return m[1]
}

func TestPageLogin(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		b := newBrowser(w.env)
		resp, body := b.do("GET", "/?x=1", nil)
		wantRedirect(t, "signed out", resp, body, "/login?next=%2F%3Fx%3D1")
		resp, body = b.do("GET", "/login?next=/clients", nil)
		testenv.WantStatus(t, "login page", resp, body, 200)
		tok := formToken(t, body)

		// Missing fields: 422, the email kept, nothing signed in.
		resp, body = b.do("POST", "/login", url.Values{"_csrf": {tok}, "email": {w.p.Email}})
		testenv.WantStatus(t, "no password", resp, body, 422)
		wantBody(t, "no password", body, `value="`+w.p.Email+`"`, "Enter your password.")
		// Wrong password: 422 with a message that does not say which part was wrong.
		resp, body = b.do("POST", "/login", url.Values{"_csrf": {tok}, "email": {w.p.Email}, "password": {"not it at all"}})
		testenv.WantStatus(t, "wrong password", resp, body, 422)
		wantBody(t, "wrong password", body, "do not match")
		// Missing CSRF token: 403 and no session.
		resp, body = b.do("POST", "/login", url.Values{"email": {w.p.Email}, "password": {w.p.Password}})
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		if b.Cookie("tend_session") != "" {
			t.Fatal("a session cookie was set without a CSRF token")
		}

		// Right password: a session, the local next, and the browser's zone.
		resp, body = b.do("POST", "/login", url.Values{"_csrf": {tok}, "email": {w.p.Email}, "password": {w.p.Password},
			"next": {"/clients"}, "tz": {"Europe/Berlin"}})
		wantRedirect(t, "login", resp, body, "/clients")
		first := b.Cookie("tend_session")
		if first == "" {
			t.Fatal("no session cookie")
		}
		resp, body = b.do("GET", "/", nil)
		testenv.WantStatus(t, "today", resp, body, 200)
		pp, _ := w.env.Store.PractitionerByID(w.ctx(), w.p.ID)
		if pp.TimeZone != "Europe/Berlin" {
			t.Fatalf("time zone %q", pp.TimeZone)
		}

		// The sign-in page sends a signed-in practitioner on.
		resp, body = b.do("GET", "/login", nil)
		wantRedirect(t, "login while signed in", resp, body, "/")

		// Logout needs the CSRF token, then ends the session on the server.
		resp, body = b.do("POST", "/logout", url.Values{})
		testenv.WantStatus(t, "logout without csrf", resp, body, 403)
		_, body = b.do("GET", "/account", nil)
		resp, body = b.do("POST", "/logout", url.Values{"_csrf": {formToken(t, body)}})
		wantRedirect(t, "logout", resp, body, "/login")
		if _, _, err := w.env.Store.SessionPractitioner(w.ctx(), first, w.env.Tend.Config.SessionIdle, w.env.Tend.Config.SessionMax); err == nil {
			t.Fatal("the session still works after logout")
		}
		b.SetCookie("tend_session", first)
		resp, body = b.do("GET", "/", nil)
		testenv.WantStatus(t, "after logout", resp, body, 303)
	})
}

func TestPageLoginNextStaysLocal(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		for next, want := range map[string]string{"//evil.example/x": "/", "https://evil.example/": "/", "/\\evil.example": "/",
			"/clients?q=a": "/clients?q=a", "javascript:alert(1)": "/", "": "/"} {
			b := newBrowser(w.env)
			_, body := b.do("GET", "/login", nil)
			resp, body := b.do("POST", "/login", url.Values{"_csrf": {formToken(t, body)}, "email": {w.p.Email},
				"password": {w.p.Password}, "next": {next}})
			wantRedirect(t, "next "+next, resp, body, want)
		}
	})
}

func TestPageLoginThrottled(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		b := newBrowser(w.env)
		_, body := b.do("GET", "/login", nil)
		tok := formToken(t, body)
		bad := url.Values{"_csrf": {tok}, "email": {w.p.Email}, "password": {"wrong password here"}}
		for i := 0; i < 3; i++ {
			resp, body := b.do("POST", "/login", bad)
			testenv.WantStatus(t, "failure", resp, body, 422)
		}
		// From the same address, each next attempt waits: 429 with Retry-After.
		resp, body := b.do("POST", "/login", url.Values{"_csrf": {tok}, "email": {w.p.Email}, "password": {w.p.Password}})
		testenv.WantStatus(t, "throttled", resp, body, 429)
		if resp.Header.Get("Retry-After") == "" {
			t.Fatal("no Retry-After")
		}
		wantBody(t, "throttled", body, "Please wait")
		w.env.Clock.Advance(2 * time.Second)
		resp, body = b.do("POST", "/login", url.Values{"_csrf": {tok}, "email": {w.p.Email}, "password": {w.p.Password}})
		wantRedirect(t, "after the delay", resp, body, "/")
	})
}

func TestPageSetup(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			tok, err := env.Store.EnsureSetupToken(t.Context())
			if err != nil || tok == "" {
				t.Fatalf("setup token: %q %v", tok, err)
			}
			b := newBrowser(env)
			// With no account yet, the sign-in page points to the setup
			// link printed at start, without showing it.
			resp, body := b.do("GET", "/login", nil)
			testenv.WantStatus(t, "login, no account", resp, body, 200)
			wantBody(t, "login, no account", body, "No account exists yet", "one-time setup link that Tend printed when it started")
			wantNoBody(t, "login, no account", body, tok)
			resp, body = b.do("GET", "/setup/wrong-token", nil)
			testenv.WantStatus(t, "wrong token", resp, body, 404)
			resp, body = b.do("GET", "/setup/"+tok, nil)
			testenv.WantStatus(t, "setup page", resp, body, 200)
			csrf := formToken(t, body)
			form := url.Values{"_csrf": {csrf}, "name": {"Dr Rosa"}, "email": {"rosa@example.org"}, "password": {"short"}, "confirm": {"short"}}
			resp, body = b.do("POST", "/setup/"+tok, form)
			testenv.WantStatus(t, "short password", resp, body, 422)
			wantBody(t, "short password", body, `value="Dr Rosa"`, `value="rosa@example.org"`, "at least 10 characters")
			form.Set("password", "a long enough password")
			resp, body = b.do("POST", "/setup/"+tok, form)
			testenv.WantStatus(t, "mismatch", resp, body, 422)
			wantBody(t, "mismatch", body, "not the same")
			form.Set("confirm", "a long enough password")
			resp, body = b.do("POST", "/setup/"+tok, noCSRF(url.Values{"name": {"x"}, "email": {"x@example.org"},
				"password": {"a long enough password"}, "confirm": {"a long enough password"}}))
			testenv.WantStatus(t, "no csrf", resp, body, 403)
			if n, _ := env.Store.PractitionerCount(t.Context()); n != 0 {
				t.Fatal("an account was made without a CSRF token")
			}
			resp, body = b.do("POST", "/setup/"+tok, form)
			wantRedirect(t, "setup", resp, body, "/")
			resp, body = b.do("GET", "/admin", nil)
			testenv.WantStatus(t, "admin page as the new admin", resp, body, 200)
			// Dead once an account exists.
			resp, body = newBrowser(env).do("GET", "/setup/"+tok, nil)
			testenv.WantStatus(t, "setup again", resp, body, 404)
			_, body = newBrowser(env).do("GET", "/login", nil)
			wantNoBody(t, "login, an account exists", body, "No account exists yet", "setup link")
		})
	}
}
