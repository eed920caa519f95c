package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type tokenForm struct {
	Name    string `form:"token_name"`
	Current string `form:"token_password"`
	Code    string `form:"token_code"`
}

type tokenCreatedPage struct {
	httpx.Base
	Name, Token string
}

// tokenNeedsCode: two-step sign-in is on and this session has had no code
// entered within models.SecondFactorFresh, so a new token needs one.
func (h *Handler) tokenNeedsCode(c *fiber.Ctx) bool {
	return httpx.Me(c).TOTPEnabledAt != nil && !h.Store.SecondFactorRecent(httpx.Session(c))
}

// createPageAPIToken makes an API token and shows it once; it asks for the
// current password (throttled like sign-in), as the API exchange does,
// and with two-step sign-in on, a fresh second factor.
func (h *Handler) createPageAPIToken(c *fiber.Ctx) error {
	var f tokenForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	f.Name = strings.TrimSpace(f.Name)
	errs := fieldErrors{}
	if f.Name == "" {
		errs.add("token_name", "Give the token a name, such as the program that will use it.")
	}
	if f.Current == "" {
		errs.add("token_password", "Enter your current password.")
	}
	needsCode := h.tokenNeedsCode(c)
	if needsCode && f.Code == "" {
		errs.add("token_code", "Enter the code your app shows now: a new token needs one when the last was entered more than 5 minutes ago.")
	}
	if len(errs) == 0 {
		me := httpx.Me(c)
		_, err := h.CheckLogin(c, me.Email, func() (*models.Practitioner, error) {
			return nil, h.Store.VerifyCurrentPassword(c.UserContext(), me.ID, f.Current)
		})
		if err == nil && needsCode {
			err = h.checkCode(c, f.Code, "token_code", errs)
		}
		var tok string
		var t *models.APIToken
		if err == nil && len(errs) == 0 {
			tok, t, err = h.Store.CreateAPIToken(c.UserContext(), me.ID, f.Name)
		}
		if err == nil && len(errs) == 0 {
			return h.Render(c, "pages/token_created", tokenCreatedPage{Base: h.Base(c, "account", "API token created"), Name: t.Name, Token: tok})
		}
		if err != nil && !errs.fromValidation(err, map[string]string{"token_name": "The name", "token_password": "The current password"},
			map[string]string{"name": "token_name", "current_password": "token_password"}) {
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	forms := accountFormsOf(httpx.Me(c))
	forms.TokenName = f.Name
	return h.renderAccount(c, forms, errs)
}
