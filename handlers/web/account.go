package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// accountForms holds what was typed into the account page's forms (never
// passwords) so a 422 shows it again.
type accountForms struct {
	TimeZone     string
	TokenName    string
	ResponseTime string
	CrisisText   string
	Mail         mailSettingsForm
}

type accountPage struct {
	httpx.Base
	Tokens []models.APIToken
	Form   accountForms
	Errors fieldErrors
	// Preview is what clients see now (saved words, not the typed ones).
	Preview clientWordsPreview
	// TwoFactor: two-step sign-in is on; RecoveryLeft unused codes.
	TwoFactor    bool
	RecoveryLeft int64
	// TokenNeedsCode: a new API token needs a code (two-step sign-in is on
	// and none was entered in the last few minutes).
	TokenNeedsCode bool
	// Passkeys, offered when the server's address allows them.
	Passkeys        []models.Passkey
	PasskeysOffered bool
	// MailOn: a relay is configured (else the email section says how).
	MailOn bool
}

// showAccountPage: time zone, what clients are told, password and API tokens.
func (h *Handler) showAccountPage(c *fiber.Ctx) error {
	return h.renderAccount(c, accountFormsOf(httpx.Me(c)), nil)
}

// accountFormsOf is the account page's forms filled from me's saved settings.
func accountFormsOf(me *models.Practitioner) accountForms {
	return accountForms{TimeZone: me.TimeZone, ResponseTime: models.ResponseTimeOr(me.ResponseTime), CrisisText: me.CrisisText,
		Mail: mailSettingsForm(me.MailSettings)}
}

func (h *Handler) renderAccount(c *fiber.Ctx, f accountForms, errs fieldErrors) error {
	me := httpx.Me(c)
	toks, err := h.Store.ListAPITokens(c.UserContext(), me.ID)
	if err != nil {
		return err
	}
	left, err := h.Store.RecoveryCodesLeft(c.UserContext(), me.ID)
	if err != nil {
		return err
	}
	keys, err := h.Store.Passkeys(c.UserContext(), me.ID)
	if err != nil {
		return err
	}
	return h.Render(c, "pages/account", accountPage{Base: h.Base(c, "account", "Account"), Tokens: toks, Form: f, Errors: errs,
		Preview: h.clientWordsPreviewOf(me), TwoFactor: me.TOTPEnabledAt != nil, RecoveryLeft: left, TokenNeedsCode: h.tokenNeedsCode(c),
		Passkeys: keys, PasskeysOffered: h.rp != nil, MailOn: h.Store.MailOn()})
}
