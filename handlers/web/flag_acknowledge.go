package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// acknowledgeFlag marks one flag of the assignment as seen.
func (h *Handler) acknowledgeFlag(c *fiber.Ctx) error {
	a, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
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
	if err := h.Store.AcknowledgeFlag(c.UserContext(), httpx.Me(c).ID, flagID); err != nil {
		return err
	}
	h.Flash(c, "Flag acknowledged.")
	return httpx.Redirect(c, "/assignments/"+a.ID)
}
