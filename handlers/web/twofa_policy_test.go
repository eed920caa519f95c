package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
)

func require2FA(c *config.Config) { c.Require2FA = true }

// TestRequire2FAForcesEnrolment: with TEND_REQUIRE_2FA a practitioner
// without a second factor is sent to set one up at sign-in and reaches
// nothing else (pages redirect, forms are refused) until it is on; their
// API tokens keep working, but no new one is minted before.
func TestRequire2FAForcesEnrolment(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db, require2FA)
			p := env.NewPractitioner("Ada Therapist", false)
			b := env.NewClient()
			b.Get("/login")
			resp, body := b.PostForm("/login", url.Values{"email": {p.Email}, "password": {p.Password}, "next": {"/clients"}})
			wantRedirect(t, "sign-in", resp, body, "/account/2fa")
			for _, path := range []string{"/", "/clients", "/account", "/admin"} {
				resp, body = b.Get(path)
				wantRedirect(t, "GET "+path, resp, body, "/account/2fa")
			}
			resp, body = b.PostForm("/clients", url.Values{"display_name": {"Sam K."}})
			testenv.WantStatus(t, "form before enrolment", resp, body, 403)
			resp, body = b.Get("/account/2fa")
			testenv.WantStatus(t, "enrolment page", resp, body, 200)
			wantBody(t, "enrolment page", body, "This Tend server asks everyone to use two-step sign-in")

			resp, body = p.API("GET", "/api/v1/clients", nil)
			testenv.WantStatus(t, "existing API token", resp, body, 200)
			resp, body = env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": p.Email, "password": p.Password})
			testenv.WantStatus(t, "token before enrolment", resp, body, 403)
			wantBody(t, "token before enrolment", body, "second_factor_setup_required")

			enrol(t, env, b)
			resp, body = b.Get("/clients")
			testenv.WantStatus(t, "after enrolment", resp, body, 200)
			resp, body = b.PostForm("/logout", nil)
			testenv.WantStatus(t, "logout", resp, body, 303)
			env.Clock.Advance(30 * time.Second)
			passwordStep(t, env, p, "/clients")
		})
	}
}

// TestTokenMintingNeedsFreshSecondFactor: with two-step sign-in on, a new
// API token needs a code entered within 5 minutes in this session (on the
// account page) or sent with the exchange (API); tokens need no code.
func TestTokenMintingNeedsFreshSecondFactor(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		env := w.env
		secret, _ := enrol(t, env, w.web)
		// Just enrolled: the code is fresh, the password is enough.
		_, body := w.web.Get("/account")
		wantNoBody(t, "fresh", body, `id="token_code"`)
		resp, body := w.web.PostForm("/account/tokens", url.Values{"token_name": {"one"}, "token_password": {w.p.Password}})
		testenv.WantStatus(t, "fresh factor", resp, body, 200)
		wantBody(t, "fresh factor", body, "API token created")

		env.Clock.Advance(6 * time.Minute)
		_, body = w.web.Get("/account")
		wantBody(t, "stale", body, `id="token_code"`)
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"two"}, "token_password": {w.p.Password}})
		testenv.WantStatus(t, "no code", resp, body, 422)
		wantBody(t, "no code", body, "a new token needs one")
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"two"}, "token_password": {w.p.Password}, "token_code": {"000000"}})
		testenv.WantStatus(t, "wrong code", resp, body, 422)
		wantBody(t, "wrong code", body, "That code did not work")
		resp, body = w.web.PostForm("/account/tokens", url.Values{"token_name": {"two"}, "token_password": {w.p.Password}, "token_code": {appCode(t, env, secret, 0)}})
		testenv.WantStatus(t, "with code", resp, body, 200)
		wantBody(t, "with code", body, "API token created")
		if toks, _ := env.Store.ListAPITokens(w.ctx(), w.p.ID); len(toks) != 3 {
			t.Fatalf("%d tokens, want 3 (test, one, two)", len(toks))
		}

		// The API exchange: password alone is not enough; with the code it is.
		login := map[string]any{"email": w.p.Email, "password": w.p.Password}
		resp, body = env.API("", "POST", "/api/v1/auth/token", login)
		testenv.WantStatus(t, "API without code", resp, body, 401)
		wantBody(t, "API without code", body, "second_factor_required")
		env.Clock.Advance(30 * time.Second)
		login["code"] = "000000"
		resp, body = env.API("", "POST", "/api/v1/auth/token", login)
		testenv.WantStatus(t, "API wrong code", resp, body, 401)
		login["code"] = appCode(t, env, secret, 0)
		resp, body = env.API("", "POST", "/api/v1/auth/token", login)
		testenv.WantStatus(t, "API with code", resp, body, 201)
		tok, _ := testenv.JSON(t, body)["token"].(string)
		resp, body = env.API(tok, "GET", "/api/v1/clients", nil)
		testenv.WantStatus(t, "new token, no code", resp, body, 200)
		resp, body = w.p.API("GET", "/api/v1/clients", nil)
		testenv.WantStatus(t, "old token", resp, body, 200)
	})
}

// TestTurnOffAndAdminReset: turning two-step sign-in off needs the current
// password and a code; an admin can reset another practitioner's (audited,
// naming the admin), not their own, and a non-admin cannot at all.
func TestTurnOffAndAdminReset(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		env := w.env
		secret, _ := enrol(t, env, w.web)
		env.Clock.Advance(30 * time.Second)
		off := func(pw, code string) (int, string) {
			resp, body := w.web.PostForm("/account/2fa/off", url.Values{"off_password": {pw}, "off_code": {code}})
			return resp.StatusCode, body
		}
		if st, body := off("not my password at all", appCode(t, env, secret, 0)); st != 422 || !strings.Contains(body, "The current password is not right.") {
			t.Fatalf("wrong password: %d", st)
		}
		if st, body := off(w.p.Password, "000000"); st != 422 || !strings.Contains(body, "That code did not work") {
			t.Fatalf("wrong code: %d", st)
		}
		if st, _ := off(w.p.Password, ""); st != 422 {
			t.Fatalf("no code: %d", st)
		}
		if p, _ := env.Store.PractitionerByID(w.ctx(), w.p.ID); p.TOTPEnabledAt == nil {
			t.Fatal("turned off without password and code")
		}
		if st, _ := off(w.p.Password, appCode(t, env, secret, 0)); st != 303 {
			t.Fatalf("right password and code: %d", st)
		}
		if p, _ := env.Store.PractitionerByID(w.ctx(), w.p.ID); p.TOTPEnabledAt != nil || p.TOTPSecretEnc != "" {
			t.Fatal("still on")
		}
		if n, _ := env.Store.RecoveryCodesLeft(w.ctx(), w.p.ID); n != 0 {
			t.Fatalf("%d recovery codes kept", n)
		}

		// Admin reset of another account.
		admin := env.NewPractitioner("Ann Admin", true)
		enrol(t, env, w.otherWeb)
		aw := admin.Web()
		resp, body := w.web.PostForm("/admin/practitioners/"+w.other.ID+"/2fa/reset", nil)
		testenv.WantStatus(t, "non-admin reset", resp, body, 404)
		_, body = aw.Get("/admin")
		wantBody(t, "admin page", body, "two-step on", "Reset two-step sign-in")
		resp, body = aw.PostForm("/admin/practitioners/"+admin.ID+"/2fa/reset", nil)
		testenv.WantStatus(t, "own reset", resp, body, 409)
		resp, body = aw.PostForm("/admin/practitioners/"+w.other.ID+"/2fa/reset", nil)
		wantRedirect(t, "admin reset", resp, body, "/admin")
		b := env.NewClient()
		b.Get("/login")
		resp, body = b.PostForm("/login", url.Values{"email": {w.other.Email}, "password": {w.other.Password}})
		wantRedirect(t, "password only after reset", resp, body, "/")
		evs, _ := env.Store.AuditEvents(w.ctx(), 100)
		found := map[string]string{}
		for _, ev := range evs {
			if strings.HasPrefix(ev.Action, "2fa.") && ev.Action != "2fa.enable" {
				found[ev.Action] = ev.ActorID + " " + ev.ObjectID
			}
		}
		if found["2fa.disable"] != w.p.ID+" "+w.p.ID || found["2fa.reset"] != admin.ID+" "+w.other.ID {
			t.Fatalf("audit: %v", found)
		}
	})
}
