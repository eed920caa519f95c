package web

import (
	"errors"
	"html/template"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// twoFactorPath is where a practitioner sets up two-step sign-in (an
// authenticator app); with TEND_REQUIRE_2FA it is the one page open until
// that is done.
const twoFactorPath = "/account/2fa"

// totpIssuer names Tend in the authenticator app.
const totpIssuer = "Tend"

type twoFactorPage struct {
	httpx.Base
	QR     qrCode
	Secret string // in groups of four, for typing by hand
	// AppLink opens the authenticator app on the phone showing the page.
	AppLink template.URL
	Errors  fieldErrors
	// Required: TEND_REQUIRE_2FA sent them here; nothing else opens yet.
	Required bool
}

type recoveryCodesPage struct {
	httpx.Base
	Codes []string
	// Enrolled: shown right after switching two-step sign-in on.
	Enrolled bool
}

// showTwoFactorPage shows the QR code and the secret of a new
// authenticator entry, and asks for its first code.
func (h *Handler) showTwoFactorPage(c *fiber.Ctx) error {
	return h.renderTwoFactor(c, nil)
}

func (h *Handler) renderTwoFactor(c *fiber.Ctx, errs fieldErrors) error {
	me := httpx.Me(c)
	secret, err := h.Store.TOTPEnrolment(c.UserContext(), me.ID)
	if errors.Is(err, models.ErrConflict) {
		return httpx.Redirect(c, "/account")
	}
	if err != nil {
		return err
	}
	// The otpauth: address is made here from a checked email and a base32
	// secret, so it is safe as a link target.
	link := models.TOTPURL(totpIssuer, me.Email, secret)
	qr, err := newQR(link)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return h.Render(c, "pages/two_factor", twoFactorPage{Base: h.Base(c, "account", "Set up two-step sign-in"),
		QR: qr, Secret: groupsOf4(secret), AppLink: template.URL(link), Errors: errs, Required: h.mustEnrol(me)})
}

// groupsOf4 spaces a secret for reading aloud or typing.
func groupsOf4(s string) string {
	var b strings.Builder
	for i, r := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// confirmTwoFactor switches two-step sign-in on with the app's first code
// and shows the recovery codes, once.
func (h *Handler) confirmTwoFactor(c *fiber.Ctx) error {
	var f struct {
		Code string `form:"code"`
	}
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	if strings.TrimSpace(f.Code) == "" {
		return h.renderTwoFactor(c, fieldErrors{"code": "Enter the 6-digit code your app shows for Tend."})
	}
	codes, err := h.Store.ConfirmTOTP(c.UserContext(), httpx.Me(c).ID, f.Code)
	if errors.Is(err, models.ErrConflict) {
		return httpx.Redirect(c, "/account")
	}
	errs := fieldErrors{}
	if errs.fromValidation(err, map[string]string{"code": "That code"}, nil) {
		return h.renderTwoFactor(c, errs)
	}
	if err != nil {
		return err
	}
	if err := h.Store.MarkSecondFactor(c.UserContext(), c.Cookies(h.CookieName(httpx.SessionCookie))); err != nil {
		return err
	}
	return h.showRecoveryCodes(c, codes, true)
}

// showRecoveryCodes renders new recovery codes: this response is the only
// time they are shown.
func (h *Handler) showRecoveryCodes(c *fiber.Ctx, codes []string, enrolled bool) error {
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.Render(c, "pages/recovery_codes", recoveryCodesPage{Base: h.Base(c, "account", "Your recovery codes"), Codes: codes, Enrolled: enrolled})
}
