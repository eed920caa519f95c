package handlers

import (
	"github.com/gofiber/fiber/v2"
)

type noteForm struct {
	Text string `form:"text"`
}

// addClientNote adds a private note to a client.
func (h *Handler) addClientNote(c *fiber.Ctx) error {
	id := c.Params("id")
	var f noteForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err := h.store.AddNote(c.UserContext(), me(c).ID, id, "", f.Text)
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, map[string]string{"text": "The note"}, nil) {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderClient(c, id, f.Text, errs)
	}
	h.flash(c, "Note added.")
	return redirect(c, "/clients/"+id+"#notes")
}

// addAssignmentNote adds a private note about one assignment.
func (h *Handler) addAssignmentNote(c *fiber.Ctx) error {
	id := c.Params("id")
	a, err := h.store.AssignmentByID(c.UserContext(), me(c).ID, id)
	if err != nil {
		return err
	}
	var f noteForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err = h.store.AddNote(c.UserContext(), me(c).ID, a.ClientID, a.ID, f.Text)
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, map[string]string{"text": "The note"}, nil) {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAssignment(c, a, f.Text, errs)
	}
	h.flash(c, "Note added.")
	return redirect(c, "/assignments/"+id+"#notes")
}
