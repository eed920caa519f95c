package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
)

const tempPassword = "temporary horse 42"

// TestAdminResetPassword: the admin sets a temporary password; the
// account's old session and API token stop at once; at sign-in the
// practitioner must choose a new password before any other page opens.
func TestAdminResetPassword(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		admin := w.env.NewPractitioner("Ana Admin", true)
		aw := admin.Web()
		oldWeb := w.p.Web()
		path := "/admin/practitioners/" + w.p.ID + "/password"

		_, page := aw.Get("/admin")
		wantBody(t, "admin page", page, `action="`+path+`"`, "Set a new password")
		resp, body := aw.PostForm(path, url.Values{"new_password": {"short"}, "confirm_password": {"short"}})
		testenv.WantStatus(t, "short", resp, body, 422)
		wantBody(t, "short", body, "The temporary password must be at least 10 characters.", "<details class=\"reset-pw\" open>")
		resp, body = aw.PostForm(path, url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword + "x"}})
		testenv.WantStatus(t, "mismatch", resp, body, 422)
		wantBody(t, "mismatch", body, "The two new passwords are not the same.")
		resp, body = aw.PostForm(path, noCSRF(url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path, url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword}})
		testenv.WantStatus(t, "not an admin", resp, body, 404)
		resp, body = aw.PostForm("/admin/practitioners/"+admin.ID+"/password", url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword}})
		testenv.WantStatus(t, "own account", resp, body, 409)
		resp, body = aw.PostForm("/admin/practitioners/nobody/password", url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword}})
		testenv.WantStatus(t, "unknown account", resp, body, 404)
		// Nothing refused above changed anything.
		if resp, body := oldWeb.Get("/"); resp.StatusCode != 200 {
			t.Fatalf("a refused reset ended the session: %d %s", resp.StatusCode, body)
		}

		resp, body = aw.PostForm(path, url.Values{"new_password": {tempPassword}, "confirm_password": {tempPassword}})
		wantRedirect(t, "reset", resp, body, "/admin")
		wantFlash(t, "reset", resp, "New password set. They were signed out everywhere and their API tokens stopped; they choose their own password at the next sign-in.")
		resp, body = oldWeb.Get("/clients")
		wantRedirect(t, "old session", resp, body, "/login?next=%2Fclients")
		resp, body = w.p.API("GET", "/api/v1/clients", nil)
		testenv.WantStatus(t, "old API token", resp, body, 401)
		resp, body = w.env.API("", "POST", "/api/v1/auth/token", map[string]string{"email": w.p.Email, "password": tempPassword})
		testenv.WantStatus(t, "API token with the temporary password", resp, body, 403)
		evs, _ := w.env.Store.AuditEvents(w.ctx(), 20)
		found := false
		for _, e := range evs {
			found = found || (e.Action == "password.reset" && e.ObjectID == w.p.ID && e.ActorID == admin.ID)
		}
		if !found {
			t.Fatalf("no password.reset event naming the admin: %+v", evs)
		}

		// Sign in with the temporary password: only the new-password page opens.
		b := newBrowser(w.env)
		_, body = b.do("GET", "/login", nil)
		resp, body = b.do("POST", "/login", url.Values{"_csrf": {formToken(t, body)}, "email": {w.p.Email}, "password": {tempPassword}, "next": {"/clients"}})
		wantRedirect(t, "sign in", resp, body, "/account/choose-password")
		for _, p := range []string{"/", "/clients", "/account", "/assignments/x/link"} {
			resp, body = b.do("GET", p, nil)
			wantRedirect(t, "closed "+p, resp, body, "/account/choose-password")
		}
		resp, body = b.do("GET", "/account/choose-password", nil)
		testenv.WantStatus(t, "choose page", resp, body, 200)
		wantBody(t, "choose page", body, "An admin set a temporary password")
		wantNoBody(t, "choose page", body, `href="/clients"`)
		tok := formToken(t, body)
		resp, body = b.do("POST", "/account/tokens", url.Values{"_csrf": {tok}, "token_name": {"sneaky"}})
		testenv.WantStatus(t, "post elsewhere", resp, body, 403)
		resp, body = b.do("POST", "/account/choose-password", url.Values{"new_password": {"a brand new secret"}, "confirm_password": {"a brand new secret"}})
		testenv.WantStatus(t, "choose no csrf", resp, body, 403)
		resp, body = b.do("POST", "/account/choose-password", url.Values{"_csrf": {tok}, "new_password": {tempPassword}, "confirm_password": {tempPassword}})
		testenv.WantStatus(t, "same as temporary", resp, body, 422)
		wantBody(t, "same as temporary", body, "must not be the temporary password")
		resp, body = b.do("POST", "/account/choose-password", url.Values{"_csrf": {tok}, "new_password": {"a brand new secret"}, "confirm_password": {"a brand new secreT"}})
		testenv.WantStatus(t, "mismatch", resp, body, 422)
		resp, body = b.do("POST", "/account/choose-password", url.Values{"_csrf": {tok}, "new_password": {"a brand new secret"}, "confirm_password": {"a brand new secret"}})
		wantRedirect(t, "chosen", resp, body, "/")
		resp, body = b.do("GET", "/clients", nil)
		testenv.WantStatus(t, "open again", resp, body, 200)
		if _, err := w.env.Store.Authenticate(w.ctx(), w.p.Email, "a brand new secret"); err != nil {
			t.Fatalf("the chosen password does not sign in: %v", err)
		}
		resp, body = b.do("GET", "/account/choose-password", nil)
		wantRedirect(t, "choose page after", resp, body, "/account")
	})
}

// TestBaseURLWarning: a base URL a client's phone cannot use is logged
// once at start and said plainly on the link page; a public https one is not.
func TestBaseURLWarning(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ base, log, page string }{
		{"http://localhost:8080", "TEND_BASE_URL points at this computer", "This link only works on this computer."},
		{"http://[::1]:8080", "TEND_BASE_URL points at this computer", "This link only works on this computer."},
		{"http://192.168.1.20:8080", "TEND_BASE_URL is plain http", "This link is not encrypted."},
		{"https://tend.example.org", "", ""},
	} {
		t.Run(tc.base, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) { c.BaseURL = tc.base })
			logged := 0
			for _, line := range strings.Split(env.LogText(), "\n") {
				if strings.Contains(line, `"level":"WARN"`) && strings.Contains(line, "TEND_BASE_URL") {
					logged++
				}
			}
			if tc.log == "" && logged != 0 || tc.log != "" && (logged != 1 || !strings.Contains(env.LogText(), tc.log)) {
				t.Fatalf("want one warning %q, logged:\n%s", tc.log, env.LogText())
			}
			p := env.NewPractitioner("Ada Therapist", false)
			id := p.AssignNew("self-reliance-checkin", "").AssignmentID
			web := p.Web()
			resp, body := web.PostForm("/assignments/"+id+"/link", nil)
			wantRedirect(t, "reissue", resp, body, "/assignments/"+id+"/link")
			for _, view := range []string{"with the link", "after"} {
				_, body = web.Get("/assignments/" + id + "/link")
				if tc.page == "" {
					wantNoBody(t, view, body, "base-url-warning")
					continue
				}
				wantBody(t, view, body, tc.page, "set <code>TEND_BASE_URL</code> to the https:// address")
			}
		})
	}
}
