package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

func TestPageAccountPassword(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/account")
		testenv.WantStatus(t, "account", resp, body, 200)
		elsewhere := w.p.Web()
		next := "a brand new passphrase"

		resp, body = w.web.PostForm("/account/password", url.Values{"current_password": {"wrong one"}, "new_password": {next}, "confirm_password": {next}})
		testenv.WantStatus(t, "wrong current", resp, body, 422)
		wantBody(t, "wrong current", body, "The current password is not right.")
		resp, body = w.web.PostForm("/account/password", url.Values{"current_password": {w.p.Password}, "new_password": {"short"}, "confirm_password": {"short"}})
		testenv.WantStatus(t, "short", resp, body, 422)
		wantBody(t, "short", body, "at least 10 characters")
		resp, body = w.web.PostForm("/account/password", url.Values{"current_password": {w.p.Password}, "new_password": {next}, "confirm_password": {"other"}})
		testenv.WantStatus(t, "mismatch", resp, body, 422)
		wantBody(t, "mismatch", body, "not the same")
		resp, body = w.web.PostForm("/account/password", noCSRF(url.Values{"current_password": {w.p.Password}, "new_password": {next}, "confirm_password": {next}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		if _, err := w.env.Store.Authenticate(w.ctx(), w.p.Email, w.p.Password); err != nil {
			t.Fatal("a refused request changed the password")
		}

		if r, _ := w.p.API("GET", "/api/v1/clients", nil); r.StatusCode != 200 {
			t.Fatalf("the API token does not work before the change: %d", r.StatusCode)
		}
		resp, body = w.web.PostForm("/account/password", url.Values{"current_password": {w.p.Password}, "new_password": {next}, "confirm_password": {next}})
		wantRedirect(t, "change", resp, body, "/account")
		// A password change revokes the account's API tokens.
		if r, _ := w.p.API("GET", "/api/v1/clients", nil); r.StatusCode != 401 {
			t.Fatalf("an API token still works after a password change: %d", r.StatusCode)
		}
		if _, err := w.env.Store.Authenticate(w.ctx(), w.p.Email, next); err != nil {
			t.Fatal("the new password does not work")
		}
		// This session goes on; every other session ended.
		resp, body = w.web.Get("/account")
		testenv.WantStatus(t, "this session", resp, body, 200)
		resp, body = elsewhere.Get("/account")
		testenv.WantStatus(t, "other session", resp, body, 303)
	})
}

func TestPageAccountTimeZone(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.PostForm("/account/timezone", url.Values{"time_zone": {"Mars/Olympus"}})
		testenv.WantStatus(t, "bad zone", resp, body, 422)
		wantBody(t, "bad zone", body, `value="Mars/Olympus"`, "must be a time zone name")
		resp, body = w.web.PostForm("/account/timezone", noCSRF(url.Values{"time_zone": {"Asia/Tokyo"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.web.PostForm("/account/timezone", url.Values{"time_zone": {"Asia/Tokyo"}})
		wantRedirect(t, "zone", resp, body, "/account")
		// Times now show in Tokyo: the draft saved at 09:00 UTC shows as 18:00.
		id := w.assign("self-reliance-checkin")
		if _, _, err := w.env.Store.SaveDraft(w.ctx(), id, 0, checkin(1, "")); err != nil {
			t.Fatal(err)
		}
		_, body = w.web.Get("/assignments/" + id)
		wantBody(t, "in Tokyo", body, "Last saved 2 Nov 2026, 18:00")
	})
}

var tokenRe = regexp.MustCompile(`value="(tnd_[A-Za-z0-9_-]+)"`)

func TestPageAccountTokens(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.PostForm("/account/tokens", url.Values{"token_name": {"  "}})
		testenv.WantStatus(t, "no name", resp, body, 422)
		wantBody(t, "no name", body, "Give the token a name")
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {string(make([]byte, 101))}})
		testenv.WantStatus(t, "long name", resp, body, 422)
		resp, body = w.web.PostForm("/account/tokens", noCSRF(url.Values{"token_name": {"forged"}, "token_password": {w.p.Password}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		// Minting a token asks for the current password.
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"Backup script"}})
		testenv.WantStatus(t, "no password", resp, body, 422)
		wantBody(t, "no password", body, "Enter your current password.", `value="Backup script"`)
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"Backup script"}, "token_password": {"not my password"}})
		testenv.WantStatus(t, "wrong password", resp, body, 422)
		wantBody(t, "wrong password", body, "The current password is not right.")
		if toks, _ := w.env.Store.ListAPITokens(w.ctx(), w.p.ID); len(toks) != 1 {
			t.Fatalf("a token was minted without the password: %d tokens", len(toks))
		}

		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"Backup script"}, "token_password": {w.p.Password}})
		testenv.WantStatus(t, "create", resp, body, 200)
		m := tokenRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("token not shown\n%s", body)
		}
		if r, _ := w.env.API(m[1], "GET", "/api/v1/clients", nil); r.StatusCode != 200 {
			t.Fatalf("the new token does not work: %d", r.StatusCode)
		}
		_, body = w.web.Get("/account")
		wantBody(t, "list", body, "Backup script")
		wantNoBody(t, "list", body, m[1], "forged")

		toks, _ := w.env.Store.ListAPITokens(w.ctx(), w.p.ID)
		var id string
		for _, tk := range toks {
			if tk.Name == "Backup script" {
				id = tk.ID
			}
		}
		resp, body = w.otherWeb.PostForm("/account/tokens/"+id+"/revoke", nil)
		testenv.WantStatus(t, "other revoke", resp, body, 404)
		resp, body = w.web.PostForm("/account/tokens/"+id+"/revoke", noCSRF(nil))
		testenv.WantStatus(t, "revoke no csrf", resp, body, 403)
		resp, body = w.web.PostForm("/account/tokens/"+id+"/revoke", nil)
		wantRedirect(t, "revoke", resp, body, "/account")
		if r, _ := w.env.API(m[1], "GET", "/api/v1/clients", nil); r.StatusCode != 401 {
			t.Fatalf("a revoked token still works: %d", r.StatusCode)
		}
	})
}

func TestPageAdmin(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		admin := w.env.NewPractitioner("Ana Admin", true)
		aw := admin.Web()
		resp, body := w.web.Get("/admin")
		testenv.WantStatus(t, "not admin", resp, body, 404)
		resp, body = w.web.PostForm("/admin/practitioners", url.Values{"name": {"X"}, "email": {"x@example.org"}, "password": {"long enough pw"}})
		testenv.WantStatus(t, "not admin add", resp, body, 404)

		resp, body = aw.Get("/admin")
		testenv.WantStatus(t, "admin", resp, body, 200)
		wantBody(t, "admin", body, w.p.Email, w.other.Email)

		resp, body = aw.PostForm("/admin/practitioners", url.Values{"name": {"Cleo"}, "email": {"cleo@"}, "password": {"short"}, "role": {"practitioner"}})
		testenv.WantStatus(t, "invalid", resp, body, 422)
		wantBody(t, "invalid", body, `value="Cleo"`, `value="cleo@"`, "The email must be an email address", "at least 10")
		resp, body = aw.PostForm("/admin/practitioners", url.Values{"name": {"Dup"}, "email": {w.p.Email}, "password": {"long enough pw"}})
		testenv.WantStatus(t, "duplicate", resp, body, 422)
		wantBody(t, "duplicate", body, "already exists")
		resp, body = aw.PostForm("/admin/practitioners", noCSRF(url.Values{"name": {"Cleo"}, "email": {"cleo@example.org"}, "password": {"long enough pw"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = aw.PostForm("/admin/practitioners", url.Values{"name": {"Cleo"}, "email": {"cleo@example.org"}, "password": {"long enough pw"}, "role": {"practitioner"}})
		wantRedirect(t, "add", resp, body, "/admin")
		if _, err := w.env.Store.Authenticate(w.ctx(), "cleo@example.org", "long enough pw"); err != nil {
			t.Fatal("new account cannot sign in")
		}

		// Disable: sessions end, tokens stop; enable lets them back in.
		dis := "/admin/practitioners/" + w.p.ID + "/disable"
		resp, body = aw.PostForm(dis, noCSRF(nil))
		testenv.WantStatus(t, "disable no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(dis, nil)
		testenv.WantStatus(t, "disable as non-admin", resp, body, 404)
		resp, body = aw.PostForm(dis, nil)
		wantRedirect(t, "disable", resp, body, "/admin")
		resp, body = w.web.Get("/")
		testenv.WantStatus(t, "disabled session", resp, body, 303)
		if r, _ := w.p.API("GET", "/api/v1/clients", nil); r.StatusCode != 401 {
			t.Fatalf("disabled account's token still works: %d", r.StatusCode)
		}
		resp, body = aw.PostForm("/admin/practitioners/"+admin.ID+"/disable", nil)
		testenv.WantStatus(t, "disable self", resp, body, 409)
		resp, body = aw.PostForm("/admin/practitioners/no-such-id/disable", nil)
		testenv.WantStatus(t, "disable unknown", resp, body, 404)
		resp, body = aw.PostForm("/admin/practitioners/"+w.p.ID+"/enable", nil)
		wantRedirect(t, "enable", resp, body, "/admin")
		if _, err := w.env.Store.Authenticate(w.ctx(), w.p.Email, w.p.Password); err != nil {
			t.Fatal("enabled account cannot sign in")
		}
	})
}

// TestPageAccountClientWords: the account page shows what clients are told
// (the default response time, the server's crisis text); a response time of
// 0 or 121 characters is a 422 naming the field, nothing saved; a valid one
// and an own crisis text show in the preview.
func TestPageAccountClientWords(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		_, body := w.web.Get("/account")
		wantBody(t, "default", body, `value="before your next session"`, "They are usually read before your next session.", "this server’s text", "findahelpline.com")
		for _, bad := range []string{" ", strings.Repeat("x", 121)} {
			resp, body := w.web.PostForm("/account/client-words", url.Values{"response_time": {bad}, "crisis_text": {"Call 555"}})
			testenv.WantStatus(t, "bad response time", resp, body, 422)
			wantBody(t, "bad response time", body, "When you read answers must be 1 to 120 characters", `id="response_time"`)
		}
		resp, body := w.web.PostForm("/account/client-words", url.Values{"response_time": {"within two days"}, "crisis_text": {strings.Repeat("y", 2001)}})
		testenv.WantStatus(t, "long crisis text", resp, body, 422)
		wantBody(t, "long crisis text", body, "Your crisis text must be at most 2000 characters")
		_, body = w.web.Get("/account")
		wantBody(t, "nothing saved", body, `value="before your next session"`)
		resp, body = w.web.PostForm("/account/client-words", noCSRF(url.Values{"response_time": {"never"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)

		resp, body = w.web.PostForm("/account/client-words", url.Values{"response_time": {"within two days"}, "crisis_text": {"Call the practice line on 555 0100."}})
		wantRedirect(t, "save", resp, body, "/account")
		_, body = w.web.Get("/account")
		wantBody(t, "saved", body, "They are usually read within two days.", "(your text)", "Call the practice line on")
	})
}
