package web_test

import (
	"context"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// TestTwoFactorSignIn: enrolment needs a right first code; after it the
// password alone opens no page, the code step accepts the app's code (±30 s),
// refuses a wrong one, a replayed one and one beyond the skew, and takes a
// few tries per password. Nothing secret reaches the logs, the audit or the
// database file in the clear.
func TestTwoFactorSignIn(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		env := w.env
		// A wrong first code leaves it off.
		w.web.Get("/account/2fa")
		resp, body := w.web.PostForm("/account/2fa", url.Values{"code": {"000000"}})
		testenv.WantStatus(t, "wrong first code", resp, body, 422)
		wantBody(t, "wrong first code", body, "That code does not match", `aria-invalid="true"`)
		if p, _ := env.Store.PractitionerByID(w.ctx(), w.p.ID); p.TOTPEnabledAt != nil {
			t.Fatal("a wrong first code switched two-step sign-in on")
		}
		secret, recovery := enrol(t, env, w.web)
		enrolCode := appCode(t, env, secret, 0)
		_, body = w.web.Get("/account")
		wantBody(t, "account", body, "since", `id="recovery-left">10<`)

		// The password step: no session, nothing but the code page opens.
		b := passwordStep(t, env, w.p, "/clients")
		resp, _ = b.Get("/clients")
		if resp.StatusCode != 303 || !strings.HasPrefix(resp.Header.Get("Location"), "/login?") {
			t.Fatalf("a page opened after the password alone: %d %s", resp.StatusCode, resp.Header.Get("Location"))
		}
		resp, body = b.PostForm("/login/code", url.Values{"code": {"123456"}, "next": {"/clients"}})
		testenv.WantStatus(t, "wrong code", resp, body, 422)
		wantBody(t, "wrong code", body, "That code did not work")
		// The code that switched it on was used: a replay in its window is refused.
		resp, body = b.PostForm("/login/code", url.Values{"code": {enrolCode}, "next": {"/clients"}})
		testenv.WantStatus(t, "replayed code", resp, body, 422)
		// Beyond one step of skew: refused.
		resp, body = b.PostForm("/login/code", url.Values{"code": {appCode(t, env, secret, 90*time.Second)}, "next": {"/clients"}})
		testenv.WantStatus(t, "code 90 s ahead", resp, body, 422)
		// Three failures from one address: the next check waits a second.
		env.Clock.Advance(2 * time.Second)
		// One step ahead (a phone clock a little fast): accepted.
		ahead := appCode(t, env, secret, 30*time.Second)
		resp, body = b.PostForm("/login/code", url.Values{"code": {ahead}, "next": {"/clients"}})
		wantRedirect(t, "right code", resp, body, "/clients")
		if b.Cookie("tend_session") == "" {
			t.Fatal("no session after the code")
		}
		resp, body = b.Get("/clients")
		testenv.WantStatus(t, "signed in", resp, body, 200)

		// The same code from another browser with the password: replay refused.
		b2 := passwordStep(t, env, w.p, "/")
		resp, body = b2.PostForm("/login/code", url.Values{"code": {ahead}})
		testenv.WantStatus(t, "replay elsewhere", resp, body, 422)
		// The challenge takes five codes; then the password is asked again.
		for range 4 {
			b2.PostForm("/login/code", url.Values{"code": {"111111"}})
		}
		env.Clock.Advance(time.Minute)
		resp, body = b2.PostForm("/login/code", url.Values{"code": {appCode(t, env, secret, 0)}})
		wantRedirect(t, "sixth code", resp, body, "/login")
		// An expired challenge is refused even with a right code.
		b3 := passwordStep(t, env, w.p, "/")
		env.Clock.Advance(6 * time.Minute)
		resp, body = b3.PostForm("/login/code", url.Values{"code": {appCode(t, env, secret, 0)}})
		wantRedirect(t, "expired challenge", resp, body, "/login")

		// One code sent from 20 places at the same moment works once.
		env.Clock.Advance(time.Minute)
		now := appCode(t, env, secret, 0)
		ok, refused := atOnce(20, func() error {
			_, err := env.Store.UseSecondFactor(context.Background(), w.p.ID, now)
			return err
		})
		if ok != 1 || refused != 19 {
			t.Fatalf("20 parallel uses of one app code: %d succeeded, %d refused (want 1 and 19)", ok, refused)
		}

		leak := append([]string{secret, enrolCode, ahead}, recovery...)
		for _, s := range leak {
			if strings.Contains(env.LogText(), s) {
				t.Fatal("a secret or code is in the logs")
			}
		}
		evs, _ := env.Store.AuditEvents(context.Background(), 200)
		actions := map[string]int{}
		for _, ev := range evs {
			actions[ev.Action]++
			for _, s := range leak {
				if strings.Contains(ev.ObjectID+ev.ActorID+ev.ObjectType, s) {
					t.Fatal("a secret or code is in the audit log")
				}
			}
		}
		if actions["2fa.enable"] != 1 || actions["login.ok"] != 1 {
			t.Fatalf("audit: %v", actions)
		}
		if env.SQLitePath != "" {
			raw, err := os.ReadFile(env.SQLitePath)
			if err != nil {
				t.Fatal(err)
			}
			if strings.Contains(string(raw), secret) {
				t.Fatal("the TOTP secret is stored in the clear")
			}
		}
	})
}
