package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// mailSettingsForm is the account page's email form (models.MailSettings).
type mailSettingsForm struct {
	MailShowName  bool `form:"mail_show_name"`
	RemindBefore  int  `form:"remind_before"`
	RemindOverdue int  `form:"remind_overdue"`
	MailDigest    bool `form:"mail_digest"`
}

var mailSettingsLabels = map[string]string{"remind_before": "Reminders before the due date", "remind_overdue": "Reminders after the due date"}

// setMailSettings saves what Tend emails for the practitioner.
func (h *Handler) setMailSettings(c *fiber.Ctx) error {
	var f mailSettingsForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	err := h.Store.UpdateMailSettings(c.UserContext(), httpx.Me(c).ID, models.MailSettings(f))
	if err == nil {
		h.Flash(c, "Email settings saved.")
		return httpx.Redirect(c, "/account")
	}
	errs := fieldErrors{}
	if !errs.fromValidation(err, mailSettingsLabels, nil) {
		return err
	}
	c.Status(fiber.StatusUnprocessableEntity)
	forms := accountFormsOf(httpx.Me(c))
	forms.Mail = f
	return h.renderAccount(c, forms, errs)
}
