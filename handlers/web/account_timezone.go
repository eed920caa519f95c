package handlers

import (
	"strings"

	"github.com/gofiber/fiber/v2"
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
	err := h.store.SetTimeZone(c.UserContext(), me(c).ID, f.TimeZone)
	if err == nil {
		h.flash(c, "Time zone saved.")
		return redirect(c, "/account")
	}
	errs := fieldErrors{}
	if !errs.fromValidation(err, map[string]string{"time_zone": "The time zone"}, nil) {
		return err
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderAccount(c, accountForms{TimeZone: f.TimeZone}, errs)
}
