package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// "Delete this client and everything about them": a page that says what
// goes, and a typed confirmation (the client's name) before anything does.

type eraseForm struct {
	Confirm string `form:"confirm"`
}

type erasePage struct {
	httpx.Base
	Client *models.ClientView
	Form   eraseForm
	Errors fieldErrors
}

func (h *Handler) showEraseClientPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return h.Render(c, "pages/client_erase", erasePage{Base: h.Base(c, "clients", "Delete "+cl.DisplayName), Client: cl})
}

// eraseClient deletes the client when the typed name matches.
func (h *Handler) eraseClient(c *fiber.Ctx) error {
	me := httpx.Me(c)
	cl, err := h.Store.ClientByID(c.UserContext(), me.ID, c.Params("id"))
	if err != nil {
		return err
	}
	var f eraseForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	if strings.TrimSpace(f.Confirm) != strings.TrimSpace(cl.DisplayName) {
		errs := fieldErrors{}
		errs.add("confirm", "Type the name exactly as shown to confirm. Nothing was deleted.")
		return h.unprocessable(c, "pages/client_erase", erasePage{Base: h.Base(c, "clients", "Delete "+cl.DisplayName),
			Client: cl, Form: f, Errors: errs})
	}
	if err := h.Store.EraseClient(c.UserContext(), me.ID, cl.ID, false); err != nil {
		return err
	}
	h.Flash(c, "The client and everything about them were deleted.")
	return httpx.Redirect(c, "/clients")
}
