package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

type timeZoneForm struct {
	TimeZone string `form:"time_zone"`
}

// setTimeZone saves the zone times are shown in.
func (h *Handler) setTimeZone(c *fiber.Ctx) error {
	var f timeZoneForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	f.TimeZone = strings.TrimSpace(f.TimeZone)
	err := h.Store.SetTimeZone(c.UserContext(), httpx.Me(c).ID, f.TimeZone)
	if err == nil {
		h.Flash(c, "Time zone saved.")
		return httpx.Redirect(c, "/account")
	}
	errs := fieldErrors{}
	if !errs.fromValidation(err, map[string]string{"time_zone": "The time zone"}, nil) {
		return err
	}
	c.Status(fiber.StatusUnprocessableEntity)
	forms := accountFormsOf(httpx.Me(c))
	forms.TimeZone = f.TimeZone
	return h.renderAccount(c, forms, errs)
}
