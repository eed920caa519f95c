package handlers

import (
	"github.com/gofiber/fiber/v2"
)

func (h *Handler) showEditClientPage(c *fiber.Ctx) error {
	cl, err := h.store.ClientByID(c.UserContext(), me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	f := clientForm{DisplayName: cl.DisplayName, Email: cl.Email, Notes: cl.Notes}
	return h.renderPage(c, "pages/client_form", clientFormPage{Base: h.base(c, "clients", "Edit client"), ID: cl.ID, Form: f})
}

// updateClient saves a client's name, email and background notes.
func (h *Handler) updateClient(c *fiber.Ctx) error {
	id := c.Params("id")
	if _, err := h.store.ClientByID(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	var f clientForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err := h.store.UpdateClient(c.UserContext(), me(c).ID, id, f.input())
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, clientLabels, nil) {
			return err
		}
		return h.unprocessable(c, "pages/client_form", clientFormPage{Base: h.base(c, "clients", "Edit client"), ID: id, Form: f, Errors: errs})
	}
	h.store.Audit(c.UserContext(), pageActor(c), "client.update", "client", id)
	h.flash(c, "Changes saved.")
	return redirect(c, "/clients/"+id)
}
