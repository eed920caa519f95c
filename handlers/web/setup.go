package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// First-run setup: while no account exists, the one-time URL printed at
// start lets the first visitor create the admin account. Once any account
// exists, or with a wrong token, the page is a plain 404.

type setupForm struct {
	Name     string `form:"name"`
	Email    string `form:"email"`
	Password string `form:"password"`
	Confirm  string `form:"confirm"`
	TimeZone string `form:"tz"`
}

type setupPage struct {
	httpx.Base
	Token  string
	Form   setupForm
	Errors fieldErrors
}

var setupLabels = map[string]string{"name": "Your name", "email": "Email", "password": "The password"}

func (h *Handler) showSetupPage(c *fiber.Ctx) error {
	if !h.Store.SetupTokenValid(c.UserContext(), c.Params("token")) {
		return fiber.ErrNotFound
	}
	return h.renderSetup(c, setupForm{}, nil)
}

func (h *Handler) renderSetup(c *fiber.Ctx, f setupForm, errs fieldErrors) error {
	b := h.Base(c, "", "Set up Tend")
	tok, err := h.preSessionToken(c)
	if err != nil {
		return err
	}
	b.CSRF = tok
	f.Password, f.Confirm = "", ""
	return h.Render(c, "pages/setup", setupPage{Base: b, Token: c.Params("token"), Form: f, Errors: errs})
}

// completeSetup creates the first admin account and signs it in.
func (h *Handler) completeSetup(c *fiber.Ctx) error {
	tok := c.Params("token")
	if !h.Store.SetupTokenValid(c.UserContext(), tok) {
		return fiber.ErrNotFound
	}
	if err := h.checkPreSession(c); err != nil {
		return err
	}
	var f setupForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Password != f.Confirm {
		errs.add("confirm", "The two passwords are not the same.")
	}
	if len(errs) == 0 {
		// Who sets up is only known once the account exists: the store
		// names the new admin, at this address.
		httpx.SetActor(c, models.Actor{IP: httpx.ClientIP(c)})
		p, err := h.Store.CompleteSetup(c.UserContext(), tok, models.NewPractitioner{Email: f.Email, Name: f.Name, Password: f.Password})
		switch {
		case err == nil:
			h.Flash(c, "Welcome to Tend. Your admin account is ready.")
			return h.startSession(c, p, f.TimeZone, "/", false)
		case errors.Is(err, models.ErrNotFound):
			return fiber.ErrNotFound
		case errs.fromValidation(err, setupLabels, nil):
		default:
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderSetup(c, f, errs)
}
