package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// clientForm is the add and edit form of a client.
type clientForm struct {
	DisplayName string `form:"display_name"`
	Email       string `form:"email"`
	Notes       string `form:"notes"`
	SendEmail   bool   `form:"send_email"`
}

func (f clientForm) input() models.ClientInput {
	return models.ClientInput{DisplayName: &f.DisplayName, Email: &f.Email, Notes: &f.Notes, SendEmail: &f.SendEmail}
}

var clientLabels = map[string]string{"display_name": "The name", "email": "The email", "notes": "Background notes"}

type clientFormPage struct {
	httpx.Base
	ID     string // "" when adding
	Form   clientForm
	Errors fieldErrors
	// MailOn: a relay is configured (else the page says how to turn email on).
	MailOn         bool
	UnsubscribedAt *time.Time
}

func (h *Handler) showNewClientPage(c *fiber.Ctx) error {
	return h.Render(c, "pages/client_form", clientFormPage{Base: h.Base(c, "clients", "Add a client"), MailOn: h.Store.MailOn()})
}

// createClient adds a client and opens their page.
func (h *Handler) createClient(c *fiber.Ctx) error {
	var f clientForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	cl, err := h.Store.CreateClient(c.UserContext(), httpx.Me(c).ID, f.input())
	errs := fieldErrors{}
	if err != nil {
		if !errs.fromValidation(err, clientLabels, nil) {
			return err
		}
		return h.unprocessable(c, "pages/client_form", clientFormPage{Base: h.Base(c, "clients", "Add a client"), Form: f, Errors: errs, MailOn: h.Store.MailOn()})
	}
	h.Flash(c, "Client added.")
	return httpx.Redirect(c, "/clients/"+cl.ID)
}
