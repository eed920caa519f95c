package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type practitionerForm struct {
	Name     string `form:"name"`
	Email    string `form:"email"`
	Password string `form:"password"`
	Role     string `form:"role"`
}

type adminPage struct {
	httpx.Base
	Practitioners []models.Practitioner
	Form          practitionerForm
	Errors        fieldErrors
	// ResetID is the account whose "Set a new password" form failed:
	// it opens again with ResetErrors.
	ResetID     string
	ResetErrors fieldErrors
}

var practitionerLabels = map[string]string{"name": "The name", "email": "The email", "password": "The first password", "role": "The role"}

// showAdminPage lists accounts and the form to add one (admins only).
func (h *Handler) showAdminPage(c *fiber.Ctx) error {
	return h.renderAdmin(c, adminPage{Form: practitionerForm{Role: models.RolePractitioner}})
}

// renderAdmin fills in the accounts and renders; a page with errors is a 422.
func (h *Handler) renderAdmin(c *fiber.Ctx, pg adminPage) error {
	ps, err := h.Store.ListPractitioners(c.UserContext())
	if err != nil {
		return err
	}
	pg.Base, pg.Practitioners, pg.Form.Password = h.Base(c, "admin", "Admin"), ps, ""
	if len(pg.Errors)+len(pg.ResetErrors) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return h.Render(c, "pages/admin", pg)
}

// addPractitioner creates an account with a first password to hand over.
func (h *Handler) addPractitioner(c *fiber.Ctx) error {
	var f practitionerForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err := h.Store.CreatePractitioner(c.UserContext(), models.NewPractitioner{Email: f.Email, Name: f.Name, Password: f.Password, Role: f.Role})
	if err == nil {
		h.Flash(c, "Account added. Give them their first password in person; they can change it under Account.")
		return httpx.Redirect(c, "/admin")
	}
	errs := fieldErrors{}
	switch {
	case errors.Is(err, models.ErrConflict):
		errs.add("email", "An account with this email already exists.")
	case !errs.fromValidation(err, practitionerLabels, nil):
		return err
	}
	return h.renderAdmin(c, adminPage{Form: f, Errors: errs})
}
