package web_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestPasskeyRefusals: the passkey endpoints (the browser ceremonies run in
// TestPasskeyInBrowser) refuse what they must: adding one before two-step
// sign-in is on, a sign-in without a live code step or without the CSRF
// token, a finish with no ceremony begun, and removing another
// practitioner's passkey (404, nothing removed).
func TestPasskeyRefusals(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		env := w.env
		post := func(c *testenv.Client, path, csrf string) (int, string) {
			req := httptest.NewRequest("POST", path, strings.NewReader("{}"))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", csrf)
			resp, body := c.Do(req)
			return resp.StatusCode, body
		}
		if st, body := post(w.web, "/account/passkeys/options", w.web.CSRF); st != 409 || !strings.Contains(body, "Turn on two-step sign-in") {
			t.Fatalf("options before two-step sign-in: %d %s", st, body)
		}
		enrol(t, env, w.web)
		if st, body := post(w.web, "/account/passkeys/options", w.web.CSRF); st != 200 || !strings.Contains(body, `"challenge"`) {
			t.Fatalf("options: %d %s", st, body)
		}
		if st, _ := post(w.web, "/account/passkeys/options", ""); st != 403 {
			t.Fatalf("options without CSRF: %d", st)
		}
		// A finish that is not a credential: refused, and the ceremony is used up.
		if st, _ := post(w.web, "/account/passkeys", w.web.CSRF); st != 422 {
			t.Fatalf("finish with no credential: %d", st)
		}
		if st, _ := post(w.web, "/account/passkeys", w.web.CSRF); st != 409 {
			t.Fatalf("finish again: %d", st)
		}

		// Sign-in: no code step → refused; with one but no passkey → refused.
		b := env.NewClient()
		b.Get("/login")
		if st, _ := post(b, "/login/passkey/options", b.CSRF); st != 409 {
			t.Fatalf("passkey sign-in without the password step: %d", st)
		}
		b = passwordStep(t, env, w.p, "/")
		if st, _ := post(b, "/login/passkey/options", ""); st != 403 {
			t.Fatalf("passkey sign-in without CSRF: %d", st)
		}
		if st, body := post(b, "/login/passkey/options", b.CSRF); st != 409 || !strings.Contains(body, "no passkey") {
			t.Fatalf("passkey sign-in with none added: %d %s", st, body)
		}
		if b.Cookie("tend_session") != "" {
			t.Fatal("a session without a second factor")
		}

		// Someone else's passkey id answers like a missing one.
		k, err := env.Store.AddPasskey(w.ctx(), w.p.ID, "Laptop", "cred-1", "{}")
		if err != nil {
			t.Fatal(err)
		}
		enrol(t, env, w.otherWeb)
		resp, body := w.otherWeb.PostForm("/account/passkeys/"+k.ID+"/remove", url.Values{})
		testenv.WantStatus(t, "remove another's passkey", resp, body, 404)
		if ks, _ := env.Store.Passkeys(w.ctx(), w.p.ID); len(ks) != 1 {
			t.Fatal("another practitioner removed a passkey")
		}
		resp, body = w.web.PostForm("/account/passkeys/"+k.ID+"/remove", url.Values{})
		wantRedirect(t, "remove own passkey", resp, body, "/account#two-step")
	})
}
