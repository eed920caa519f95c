package e2e

import (
	"net"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestPasskeyInBrowser: in Chromium with a virtual authenticator (Chrome's
// WebAuthn testing API: a real browser ceremony, the test only presses
// the button), a practitioner with two-step sign-in adds a passkey on the
// account page, then signs in with password and passkey instead of a code.
// Tend is served as http://localhost:PORT, its TEND_BASE_URL, so the
// relying party (RP ID localhost, that one origin) is what the browser sees.
func TestPasskeyInBrowser(t *testing.T) {
	NeedBrowser(t)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	_, port, _ := net.SplitHostPort(ln.Addr().String())
	base := "http://localhost:" + port
	env := testenv.New(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) { c.BaseURL = base })
	env.ServeOn(ln)
	srv := &Server{URL: base, Env: env}
	p := env.NewPractitioner("Dr Ada Lind", false)

	pg := prSignIn(t, srv, p, desktopWidth, desktopHeight)
	if _, err := chromedp.Call(pg.Ctx, webauthn.Enable, webauthn.EnableParams{}); err != nil {
		t.Fatalf("webauthn: %v", err)
	}
	if _, err := chromedp.Call(pg.Ctx, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
		Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
		HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}}); err != nil {
		t.Fatalf("virtual authenticator: %v", err)
	}
	// Two-step sign-in first (the passkey stands beside the app's codes).
	pg.Go(srv.URL + "/account/2fa")
	secret := strings.ReplaceAll(pg.Text("#totp-secret"), " ", "")
	code, _ := models.TOTPCode(secret, env.Clock.Now())
	pg.Type("#code", code)
	pg.ClickAndWait(`form[action="/account/2fa"] button[type=submit]`)
	pg.Go(srv.URL + "/account")
	pg.Do("add a passkey", prClick(`button[data-passkey="add"]`))
	Eventually(t, 20*time.Second, func() error {
		if ks, _ := env.Store.Passkeys(t.Context(), p.ID); len(ks) != 1 {
			return errNot("a passkey stored (status: " + prEval(pg, `document.getElementById("passkey-status")?.textContent || ""`) + ")")
		}
		return nil
	})
	Eventually(t, 10*time.Second, func() error {
		if !strings.Contains(prEval(pg, `document.getElementById("passkeys")?.textContent || ""`), "Passkey added") {
			return errNot("the passkey listed on the account page")
		}
		return nil
	})
	prShot(t, pg, "passkey-account-1280")

	// Sign in again in the same browser (the authenticator lives there):
	// the password, then the passkey instead of a code.
	pg.ClickAndWait(`form.logout button`)
	prPasswordStep(pg, srv, p)
	prAxe(t, pg, "code page with passkey")
	prShot(t, pg, "passkey-code-1280")
	pg.Do("use the passkey", prClick(`button[data-passkey="login"]`))
	Eventually(t, 20*time.Second, func() error {
		if loc := pg.Location(); loc != srv.URL+"/" {
			return errNot("signed in (at " + loc + ", status: " + prEval(pg, `document.getElementById("passkey-status")?.textContent || ""`) + ")")
		}
		return nil
	})
	ks, _ := env.Store.Passkeys(t.Context(), p.ID)
	if len(ks) != 1 || ks[0].LastUsedAt == nil {
		t.Fatalf("passkey use not recorded: %+v", ks)
	}
}

type errNot string

func (e errNot) Error() string { return "not yet: " + string(e) }
