package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

type tokenForm struct {
	Name string `form:"token_name"`
}

type tokenCreatedPage struct {
	httpx.Base
	Name, Token string
}

// createPageAPIToken makes an API token and shows it once.
func (h *Handler) createPageAPIToken(c *fiber.Ctx) error {
	var f tokenForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	f.Name = strings.TrimSpace(f.Name)
	errs := fieldErrors{}
	if f.Name == "" {
		errs.add("token_name", "Give the token a name, such as the program that will use it.")
	} else {
		tok, t, err := h.Store.CreateAPIToken(c.UserContext(), httpx.Me(c).ID, f.Name)
		if err == nil {
			return h.Render(c, "pages/token_created", tokenCreatedPage{Base: h.Base(c, "account", "API token created"), Name: t.Name, Token: tok})
		}
		if !errs.fromValidation(err, map[string]string{"token_name": "The name"}, map[string]string{"name": "token_name"}) {
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	forms := accountFormsOf(httpx.Me(c))
	forms.TokenName = f.Name
	return h.renderAccount(c, forms, errs)
}
