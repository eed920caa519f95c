package web

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// The second step of sign-in. A right password on an account with a second
// factor starts a login challenge (not a session): its cookie opens only
// this page, for models.LoginChallengeTTL and a few codes; each code is
// checked inside the sign-in throttle (CheckLogin), like a password.

const (
	loginCodePath   = "/login/code"
	challengeCookie = "tend_challenge"
)

type codeForm struct {
	Code     string `form:"code"`
	Next     string `form:"next"`
	TimeZone string `form:"tz"`
}

type loginCodePage struct {
	httpx.Base
	Form   codeForm
	Errors fieldErrors
	// Passkey: the account has one, offered instead of the code (with JS).
	Passkey bool
}

// askForCode starts a login challenge for p and sends the browser to the
// code page.
func (h *Handler) askForCode(c *fiber.Ctx, p *models.Practitioner, tz, next string) error {
	tok, err := h.Store.CreateLoginChallenge(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	h.SetCookie(c, challengeCookie, tok, models.LoginChallengeTTL)
	q := url.Values{}
	if next != "/" {
		q.Set("next", next)
	}
	if tz != "" && len(tz) <= 64 {
		q.Set("tz", tz)
	}
	to := loginCodePath
	if len(q) > 0 {
		to += "?" + q.Encode()
	}
	return httpx.Redirect(c, to)
}

// challenged is the account of the browser's live login challenge; with
// try, one of the challenge's few tries is taken.
func (h *Handler) challenged(c *fiber.Ctx, try bool) (*models.Practitioner, error) {
	tok := c.Cookies(h.CookieName(challengeCookie))
	if tok == "" || len(tok) > 64 {
		return nil, models.ErrNotFound
	}
	return h.Store.LoginChallengePractitioner(c.UserContext(), tok, try)
}

// signInAgain ends a challenge that expired or ran out of tries.
func (h *Handler) signInAgain(c *fiber.Ctx) error {
	h.SetCookie(c, challengeCookie, "", -1)
	h.Flash(c, "Please sign in again: the code step lasts "+strconv.Itoa(int(models.LoginChallengeTTL.Minutes()))+" minutes and takes a few tries.")
	return httpx.Redirect(c, "/login")
}

// showLoginCodePage asks for the code from the authenticator app.
func (h *Handler) showLoginCodePage(c *fiber.Ctx) error {
	p, err := h.challenged(c, false)
	if errors.Is(err, models.ErrNotFound) {
		return h.signInAgain(c)
	} else if err != nil {
		return err
	}
	return h.renderLoginCode(c, p, codeForm{Next: safeNext(c.Query("next")), TimeZone: c.Query("tz")}, nil)
}

func (h *Handler) renderLoginCode(c *fiber.Ctx, p *models.Practitioner, f codeForm, errs fieldErrors) error {
	b := h.Base(c, "", "Enter your code")
	ks, err := h.Store.Passkeys(c.UserContext(), p.ID)
	if err != nil {
		return err
	}
	tok, err := h.preSessionToken(c)
	if err != nil {
		return err
	}
	b.CSRF, f.Code = tok, ""
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return h.Render(c, "pages/login_code", loginCodePage{Base: b, Form: f, Errors: errs, Passkey: h.rp != nil && len(ks) > 0})
}

// loginCode checks the code (or a recovery code) and starts the session.
func (h *Handler) loginCode(c *fiber.Ctx) error {
	if err := h.checkPreSession(c); err != nil {
		return err
	}
	var f codeForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	f.Next = safeNext(f.Next)
	p, err := h.challenged(c, f.Code != "")
	if errors.Is(err, models.ErrNotFound) {
		return h.signInAgain(c)
	}
	if err != nil {
		return err
	}
	if f.Code == "" {
		return h.renderLoginCode(c, p, f, fieldErrors{"code": "Enter the 6-digit code your authenticator app shows."})
	}
	var recovery bool
	_, err = h.CheckLogin(c, p.Email, func() (*models.Practitioner, error) {
		var err error
		recovery, err = h.Store.UseSecondFactor(c.UserContext(), p.ID, f.Code)
		return p, err
	})
	if errors.Is(err, models.ErrNotFound) {
		return h.renderLoginCode(c, p, f, fieldErrors{"code": codeDidNotWork})
	}
	if err != nil {
		return err
	}
	if err := h.Store.DeleteLoginChallenge(c.UserContext(), c.Cookies(h.CookieName(challengeCookie))); err != nil {
		return err
	}
	h.SetCookie(c, challengeCookie, "", -1)
	if recovery {
		h.Flash(c, "You signed in with a recovery code; it cannot be used again. Under Account you can see how many are left or make new ones.")
	}
	return h.startSession(c, p, f.TimeZone, f.Next, true)
}
