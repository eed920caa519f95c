package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

type resetPasswordForm struct {
	Password string `form:"temp_password"`
	Confirm  string `form:"temp_confirm"`
}

var resetPasswordLabels = map[string]string{"temp_password": "The temporary password"}

// resetPassword sets a temporary password for another account: it must be
// changed at the next sign-in, and the account's sessions and API tokens
// end at once (all in the store, in one transaction).
func (h *Handler) resetPassword(c *fiber.Ctx) error {
	id := c.Params("id")
	if id == httpx.Me(c).ID {
		return fiber.NewError(fiber.StatusConflict, "Change your own password under Account.")
	}
	var f resetPasswordForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Password != f.Confirm {
		errs.add("temp_confirm", "The two temporary passwords are not the same.")
	}
	if len(errs) == 0 {
		err := h.Store.SetPassword(c.UserContext(), id, f.Password, true)
		if err == nil {
			h.Flash(c, "New password set. They were signed out everywhere and their API tokens stopped; they choose their own password at the next sign-in.")
			return httpx.Redirect(c, "/admin")
		}
		if !errs.fromValidation(err, resetPasswordLabels, map[string]string{"password": "temp_password"}) {
			return err
		}
	}
	return h.renderAdmin(c, adminPage{Form: practitionerForm{Role: "practitioner"}, ResetID: id, ResetErrors: errs})
}
