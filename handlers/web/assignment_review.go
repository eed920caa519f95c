package handlers

import "github.com/gofiber/fiber/v2"

// markReviewed moves a submitted assignment to reviewed.
func (h *Handler) markReviewed(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.store.MarkReviewed(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	h.flash(c, "Marked as reviewed.")
	return redirect(c, "/assignments/"+id)
}
