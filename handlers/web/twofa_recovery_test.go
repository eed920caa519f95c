package web_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestRecoveryCodes: a recovery code signs in once (audited), never twice;
// 20 uses of one code at the same moment succeed exactly once, in the
// store; new codes stop the old ones.
func TestRecoveryCodes(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		env := w.env
		secret, codes := enrol(t, env, w.web)

		b := passwordStep(t, env, w.p, "/")
		resp, body := b.PostForm("/login/code", url.Values{"code": {codes[0]}})
		wantRedirect(t, "recovery code", resp, body, "/")
		wantFlash(t, "recovery code", resp, "You signed in with a recovery code; it cannot be used again. Under Account you can see how many are left or make new ones.")
		b = passwordStep(t, env, w.p, "/")
		resp, body = b.PostForm("/login/code", url.Values{"code": {codes[0]}})
		testenv.WantStatus(t, "recovery code again", resp, body, 422)

		// Typed in capitals without the dash, it is the same code.
		if _, err := env.Store.UseSecondFactor(w.ctx(), w.p.ID, "  "+upperNoDash(codes[1])); err != nil {
			t.Fatalf("recovery code as typed: %v", err)
		}

		// 20 at once in the store: exactly one succeeds.
		ok, refused := atOnce(20, func() error {
			_, err := env.Store.UseSecondFactor(context.Background(), w.p.ID, codes[2])
			return err
		})
		if ok != 1 || refused != 19 {
			t.Fatalf("20 parallel uses of one recovery code: %d succeeded, %d refused (want 1 and 19)", ok, refused)
		}

		evs, _ := env.Store.AuditEvents(w.ctx(), 200)
		used := 0
		for _, ev := range evs {
			if ev.Action == "2fa.recovery_used" {
				used++
				if ev.ActorID != w.p.ID {
					t.Fatalf("recovery use audited as %q", ev.ActorID)
				}
			}
		}
		if used != 3 {
			t.Fatalf("recovery codes used 3 times, audited %d", used)
		}
		if n, _ := env.Store.RecoveryCodesLeft(w.ctx(), w.p.ID); n != 7 {
			t.Fatalf("%d recovery codes left, want 7", n)
		}

		// New codes need a code from the app and stop the old ones.
		env.Clock.Advance(30 * time.Second)
		resp, body = w.web.PostForm("/account/2fa/recovery-codes", url.Values{"recovery_code": {"000000"}})
		testenv.WantStatus(t, "new codes, wrong code", resp, body, 422)
		wantBody(t, "new codes, wrong code", body, "That code did not work")
		resp, body = w.web.PostForm("/account/2fa/recovery-codes", url.Values{"recovery_code": {appCode(t, env, secret, 0)}})
		testenv.WantStatus(t, "new codes", resp, body, 200)
		wantBody(t, "new codes", body, "Your old codes have stopped working")
		fresh := recoveryShown.FindAllStringSubmatch(body, -1)
		if len(fresh) != 10 {
			t.Fatalf("%d new codes shown", len(fresh))
		}
		if _, err := env.Store.UseSecondFactor(w.ctx(), w.p.ID, codes[5]); !errors.Is(err, models.ErrNotFound) {
			t.Fatalf("an old recovery code still works: %v", err)
		}
		if _, err := env.Store.UseSecondFactor(w.ctx(), w.p.ID, fresh[0][1]); err != nil {
			t.Fatalf("a new recovery code: %v", err)
		}
	})
}

func upperNoDash(s string) string {
	out := []byte{}
	for _, c := range []byte(s) {
		if c == '-' {
			continue
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		out = append(out, c)
	}
	return string(out)
}

// TestRecoveryCodeOnceUnderParallelSignIns: eight code pages posted at the
// same moment with one recovery code, each after its own password step
// and from its own address: exactly one signs in.
func TestRecoveryCodeOnceUnderParallelSignIns(t *testing.T) {
	attackEach(t, func(t *testing.T, env *testenv.Env, a *attack) {
		ctx := context.Background()
		p := env.NewPractitioner("Target", false)
		secret, err := env.Store.TOTPEnrolment(ctx, p.ID)
		if err != nil {
			t.Fatal(err)
		}
		code, _ := models.TOTPCode(secret, env.Clock.Now())
		codes, err := env.Store.ConfirmTOTP(ctx, p.ID, code)
		if err != nil {
			t.Fatal(err)
		}
		cookies := make([]string, 8)
		for i := range cookies {
			tok, err := env.Store.CreateLoginChallenge(ctx, p.ID)
			if err != nil {
				t.Fatal(err)
			}
			cookies[i] = "tend_challenge=" + tok
		}
		counts, _ := parallel(len(cookies), func(i int) (int, http.Header, string) {
			return a.post("/login/code", fmt.Sprintf("203.0.113.%d", i+1), url.Values{"code": {codes[0]}}, cookies[i])
		})
		t.Logf("statuses: %v", counts)
		if counts[303] != 1 || counts[422] != len(cookies)-1 {
			t.Log(env.LogText())
			t.Fatalf("want one sign-in (303) and %d refusals (422), got %v", len(cookies)-1, counts)
		}
	})
}
