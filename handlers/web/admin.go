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
}

var practitionerLabels = map[string]string{"name": "The name", "email": "The email", "password": "The first password", "role": "The role"}

// showAdminPage lists accounts and the form to add one (admins only).
func (h *Handler) showAdminPage(c *fiber.Ctx) error {
	return h.renderAdmin(c, practitionerForm{Role: models.RolePractitioner}, nil)
}

func (h *Handler) renderAdmin(c *fiber.Ctx, f practitionerForm, errs fieldErrors) error {
	ps, err := h.Store.ListPractitioners(c.UserContext())
	if err != nil {
		return err
	}
	f.Password = ""
	return h.Render(c, "pages/admin", adminPage{Base: h.Base(c, "admin", "Admin"), Practitioners: ps, Form: f, Errors: errs})
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
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderAdmin(c, f, errs)
}
