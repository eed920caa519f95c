package handlers

import "github.com/gofiber/fiber/v2"

// cancelAssignment cancels an assignment not yet submitted; its link stops.
func (h *Handler) cancelAssignment(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.store.CancelAssignment(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	h.flash(c, "Assignment cancelled. Its link no longer works.")
	return redirect(c, "/assignments/"+id)
}
