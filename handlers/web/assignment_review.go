package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// markReviewed moves a submitted assignment to reviewed. While a high flag
// is open the page comes back (422) saying to acknowledge it first.
func (h *Handler) markReviewed(c *fiber.Ctx) error {
	id := c.Params("id")
	err := h.Store.MarkReviewed(c.UserContext(), httpx.Me(c).ID, id)
	if errors.Is(err, models.ErrHighFlagOpen) {
		a, lerr := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, id)
		if lerr != nil {
			return lerr
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAssignment(c, a, assignmentForms{ReviewNote: httpx.HighFlagOpenMessage})
	}
	if err != nil {
		return err
	}
	h.Flash(c, "Marked as reviewed.")
	return httpx.Redirect(c, "/assignments/"+id)
}
