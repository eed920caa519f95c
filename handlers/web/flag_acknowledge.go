package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// acknowledgeFlag marks one flag of the assignment as seen.
func (h *Handler) acknowledgeFlag(c *fiber.Ctx) error {
	a, err := h.store.AssignmentByID(c.UserContext(), me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	flagID := c.Params("flag")
	found := false
	for _, f := range a.Flags {
		found = found || f.ID == flagID
	}
	if !found {
		return models.ErrNotFound
	}
	if err := h.store.AcknowledgeFlag(c.UserContext(), me(c).ID, flagID); err != nil {
		return err
	}
	h.flash(c, "Flag acknowledged.")
	return redirect(c, "/assignments/"+a.ID)
}
