package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

const desktopWidth, desktopHeight = 1280, 900

// TestTwoFactorInBrowser: in Chromium, a practitioner turns two-step
// sign-in on from the account page (the test is the authenticator app: it
// reads the key shown on the page and makes the code), sees ten recovery
// codes, then signs in again with password and code. Both pages are looked
// at on a phone (375 px) and a desktop (1280 px), and checked with axe.
func TestTwoFactorInBrowser(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	env := srv.Env
	for _, width := range []int64{desktopWidth, PhoneWidth} {
		height := int64(desktopHeight)
		if width == PhoneWidth {
			height = PhoneHeight
		}
		size := map[int64]string{desktopWidth: "1280", PhoneWidth: "375"}[width]
		p := env.NewPractitioner("Dr Ada Lind", false)
		pg := prSignIn(t, srv, p, width, height)
		pg.Go(srv.URL + "/account")
		pg.ClickAndWait(`a[href="/account/2fa"]`)
		if got := prEval(pg, `String(document.querySelectorAll("svg.qr path").length)`); got != "1" {
			t.Fatal("no QR code on the set-up page")
		}
		if href := prEval(pg, `document.querySelector('a[href^="otpauth://totp/Tend:"]')?.getAttribute("href") || ""`); !strings.Contains(href, "secret=") {
			t.Fatalf("no link that opens the authenticator app: %q", href)
		}
		prAxe(t, pg, "two-step set-up")
		prShot(t, pg, "two-step-setup-"+size)
		secret := strings.ReplaceAll(pg.Text("#totp-secret"), " ", "")
		code, err := models.TOTPCode(secret, env.Clock.Now())
		if err != nil {
			t.Fatalf("the key on the page is not a TOTP secret: %v", err)
		}
		pg.Type("#code", code)
		pg.ClickAndWait(`form[action="/account/2fa"] button[type=submit]`)
		if n := prEval(pg, `String(document.querySelectorAll("#recovery-codes li").length)`); n != "10" {
			t.Fatalf("%s recovery codes shown, want 10", n)
		}
		prShot(t, pg, "two-step-recovery-codes-"+size)
		pg.ClickAndWait(`a.button[href="/account"]`)
		if !strings.Contains(pg.Text("#two-step"), "On since") {
			t.Fatalf("account page after set-up: %s", pg.Text("#two-step"))
		}
		prShot(t, pg, "two-step-account-"+size)

		// Sign in again on the other size: the password, then the code.
		env.Clock.Advance(30 * time.Second)
		other := int64(PhoneWidth)
		otherH := int64(PhoneHeight)
		if width == PhoneWidth {
			other, otherH = desktopWidth, desktopHeight
		}
		pg = Page{T: t, Ctx: NewTab(t, TabOptions{Width: other, Height: otherH})}
		prPasswordStep(pg, srv, p)
		pg.Type("#code", "000000")
		pg.ClickAndWait(`form[action="/login/code"] button[type=submit]`)
		if !strings.Contains(pg.Text("main"), "That code did not work") {
			t.Fatal("a wrong code was not refused in words")
		}
		prAxe(t, pg, "code page")
		prShot(t, pg, "two-step-code-"+map[int64]string{desktopWidth: "1280", PhoneWidth: "375"}[other])
		code, _ = models.TOTPCode(secret, env.Clock.Now())
		pg.Type("#code", code)
		pg.ClickAndWait(`form[action="/login/code"] button[type=submit]`)
		if loc := pg.Location(); loc != srv.URL+"/" {
			t.Fatalf("after the code at %s, want Today", loc)
		}
	}
}

// prPasswordStep signs in with the password on pg and checks it lands on
// the code page (an account with two-step sign-in).
func prPasswordStep(pg Page, srv *Server, p *testenv.Practitioner) {
	pg.T.Helper()
	pg.Go(srv.URL + "/login")
	pg.Type("#email", p.Email)
	pg.Type("#password", p.Password)
	pg.ClickAndWait(`form[action="/login"] button[type=submit]`)
	if loc := pg.Location(); !strings.HasPrefix(loc, srv.URL+"/login/code") {
		pg.T.Fatalf("after the password at %s, want the code page", loc)
	}
}
