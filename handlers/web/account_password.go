package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type passwordForm struct {
	Current string `form:"current_password"`
	New     string `form:"new_password"`
	Confirm string `form:"confirm_password"`
}

var passwordLabels = map[string]string{"current_password": "The current password", "new_password": "The new password"}

// changePassword sets a new password (the current-password check is
// throttled like sign-in); every other session of the account ends and its
// API tokens are revoked.
func (h *Handler) changePassword(c *fiber.Ctx) error {
	var f passwordForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Current == "" {
		errs.add("current_password", "Enter your current password.")
	}
	if f.New != f.Confirm {
		errs.add("confirm_password", "The two new passwords are not the same.")
	}
	if len(errs) == 0 {
		me := httpx.Me(c)
		_, err := h.CheckLogin(c, me.Email, func() (*models.Practitioner, error) {
			return nil, h.Store.ChangePassword(c.UserContext(), me.ID, f.Current, f.New, c.Cookies(h.CookieName(httpx.SessionCookie)))
		})
		if err == nil {
			h.Flash(c, "Password changed. You were signed out everywhere else, and your API tokens stopped working.")
			return httpx.Redirect(c, "/account")
		}
		if !errs.fromValidation(err, passwordLabels, nil) {
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderAccount(c, accountFormsOf(httpx.Me(c)), errs)
}
