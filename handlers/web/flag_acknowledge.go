package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// ackForm is the acknowledge form of one flag: a short note of what was
// done (required for a high flag).
type ackForm struct {
	Note string `form:"note"`
}

// acknowledgeFlag marks one flag of the assignment as seen, with its note.
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
	var f ackForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	if err := h.Store.AcknowledgeFlag(c.UserContext(), httpx.Me(c).ID, flagID, f.Note); err != nil {
		errs := fieldErrors{}
		if !errs.fromValidation(err, map[string]string{"note-" + flagID: "The note"}, map[string]string{"note": "note-" + flagID}) {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAssignment(c, a, assignmentForms{Errors: errs, AckNotes: map[string]string{flagID: f.Note}})
	}
	h.Flash(c, "Flag acknowledged.")
	return httpx.Redirect(c, "/assignments/"+a.ID)
}
