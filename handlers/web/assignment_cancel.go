package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// cancelAssignment cancels an assignment not yet submitted; its link stops.
func (h *Handler) cancelAssignment(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.CancelAssignment(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Assignment cancelled. Its link no longer works.")
	return httpx.Redirect(c, "/assignments/"+id)
}
