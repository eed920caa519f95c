package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// disablePractitioner disables an account: its sessions end, its API
// tokens and its clients' open links are revoked (all in the store).
func (h *Handler) disablePractitioner(c *fiber.Ctx) error {
	return h.setDisabled(c, true)
}

// enablePractitioner lets a disabled account sign in again.
func (h *Handler) enablePractitioner(c *fiber.Ctx) error {
	return h.setDisabled(c, false)
}

func (h *Handler) setDisabled(c *fiber.Ctx, disabled bool) error {
	id := c.Params("id")
	if id == httpx.Me(c).ID {
		return fiber.NewError(fiber.StatusConflict, "You cannot disable your own account. Ask another admin.")
	}
	if err := h.Store.SetDisabled(c.UserContext(), id, disabled); err != nil {
		return err
	}
	msg := "Account enabled. They can sign in again."
	if disabled {
		msg = "Account disabled. Their sessions, API tokens and client links were stopped."
	}
	h.Flash(c, msg)
	return httpx.Redirect(c, "/admin")
}
