package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

func (h *Handler) showEditClientPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	f := clientForm{DisplayName: cl.DisplayName, Email: cl.Email, Notes: cl.Notes, SendEmail: cl.SendEmail}
	return h.Render(c, "pages/client_form", clientFormPage{Base: h.Base(c, "clients", "Edit client"), ID: cl.ID, Form: f,
		MailOn: h.Store.MailOn(), UnsubscribedAt: cl.UnsubscribedAt})
}

// updateClient saves a client's name, email and background notes.
func (h *Handler) updateClient(c *fiber.Ctx) error {
	id := c.Params("id")
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, id)
	if err != nil {
		return err
	}
	var f clientForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	_, err = h.Store.UpdateClient(c.UserContext(), httpx.Me(c).ID, id, f.input())
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, clientLabels, nil) {
			return err
		}
		return h.unprocessable(c, "pages/client_form", clientFormPage{Base: h.Base(c, "clients", "Edit client"), ID: id, Form: f, Errors: errs,
			MailOn: h.Store.MailOn(), UnsubscribedAt: cl.UnsubscribedAt})
	}
	h.Flash(c, "Changes saved.")
	return httpx.Redirect(c, "/clients/"+id)
}
