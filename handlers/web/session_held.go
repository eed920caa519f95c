package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// markSessionHeld records the date a session with the client was held: the
// next summary starts there by default.
func (h *Handler) markSessionHeld(c *fiber.Ctx) error {
	id := c.Params("id")
	var f sessionForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	today := httpx.LocalDate(h.Store.Now(), httpx.Location(c))
	on, problem := httpx.ParseDate(f.On, httpx.PastBounds(today))
	errs := fieldErrors{}
	switch {
	case f.On == "":
		errs.add("session_on", "Enter the date the session was held.")
	case problem != "":
		errs.add("session_on", "The session date "+problem+".")
	}
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderClient(c, id, clientDrafts{SessionOn: f.On, Errors: errs})
	}
	if err := h.Store.MarkSessionHeld(c.UserContext(), httpx.Me(c).ID, id, *on); err != nil {
		return err
	}
	h.Flash(c, "Session on "+on.Format("2 Jan 2006")+" recorded. The next summary starts there.")
	return httpx.Redirect(c, "/clients/"+id+"#summary")
}

type sessionForm struct {
	On string `form:"session_on"`
}
