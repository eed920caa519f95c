package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

var resetPasswordLabels = map[string]string{"new_password": "The temporary password"}

// resetPassword sets a temporary password for another account: it must be
// changed at the next sign-in, and the account's sessions and API tokens
// end at once (all in the store, in one transaction).
func (h *Handler) resetPassword(c *fiber.Ctx) error {
	id := c.Params("id")
	if id == httpx.Me(c).ID {
		return fiber.NewError(fiber.StatusConflict, "Change your own password under Account.")
	}
	f, errs, err := readNewPassword(c)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		err := h.Store.SetPassword(c.UserContext(), id, f.New, true)
		if err == nil {
			h.Flash(c, "New password set. They were signed out everywhere and their API tokens stopped; they choose their own password at the next sign-in.")
			return httpx.Redirect(c, "/admin")
		}
		if !errs.fromValidation(err, resetPasswordLabels, map[string]string{"password": "new_password"}) {
			return err
		}
	}
	return h.renderAdmin(c, adminPage{Form: practitionerForm{Role: models.RolePractitioner}, ResetID: id, ResetErrors: errs})
}
