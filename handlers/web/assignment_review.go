package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// markReviewed moves a submitted assignment to reviewed.
func (h *Handler) markReviewed(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.MarkReviewed(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Marked as reviewed.")
	return httpx.Redirect(c, "/assignments/"+id)
}
