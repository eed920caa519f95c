package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
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
	_, err := h.Store.AddNote(c.UserContext(), httpx.Me(c).ID, id, "", f.Text)
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, map[string]string{"text": "The note"}, nil) {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderClient(c, id, clientDrafts{Note: f.Text, Errors: errs})
	}
	h.Flash(c, "Note added.")
	return httpx.Redirect(c, "/clients/"+id+"#notes")
}

// addAssignmentNote adds a private note about one assignment.
func (h *Handler) addAssignmentNote(c *fiber.Ctx) error {
	id := c.Params("id")
	a, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, id)
	if err != nil {
		return err
	}
	var f noteForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err = h.Store.AddNote(c.UserContext(), httpx.Me(c).ID, a.ClientID, a.ID, f.Text)
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, map[string]string{"text": "The note"}, nil) {
			return err
		}
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAssignment(c, a, assignmentForms{NoteDraft: f.Text, Errors: errs})
	}
	h.Flash(c, "Note added.")
	return httpx.Redirect(c, "/assignments/"+id+"#notes")
}
