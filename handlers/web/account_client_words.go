package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type clientWordsForm struct {
	ResponseTime string `form:"response_time"`
	CrisisText   string `form:"crisis_text"`
}

// clientWordsPreview is what the account page shows of the client pages:
// the same "who_sees" wording and crisis contacts clients get.
type clientWordsPreview struct {
	Name, ResponseTime, CrisisText string
	OwnCrisisText                  bool // the practitioner's text, not the server's
}

// Who names the practitioner as the client pages do.
func (p clientWordsPreview) Who() string { return p.Name }

// clientWordsPreviewOf is the preview for me's saved words.
func (h *Handler) clientWordsPreviewOf(me *models.Practitioner) clientWordsPreview {
	p := clientWordsPreview{Name: me.Name, ResponseTime: models.ResponseTimeOr(me.ResponseTime),
		CrisisText: h.Config.CrisisText}
	if me.CrisisText != "" {
		p.CrisisText, p.OwnCrisisText = me.CrisisText, true
	}
	return p
}

// setClientWords saves what the practitioner's clients are told: roughly
// when answers are read, and their own crisis contacts (empty: the server's).
func (h *Handler) setClientWords(c *fiber.Ctx) error {
	var f clientWordsForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	err := h.Store.SetClientWords(c.UserContext(), httpx.Me(c).ID, models.ClientWords(f))
	if err == nil {
		h.Flash(c, "Saved. Your clients see the new words from their next page.")
		return httpx.Redirect(c, "/account")
	}
	errs := fieldErrors{}
	if !errs.fromValidation(err, map[string]string{"response_time": "When you read answers", "crisis_text": "Your crisis text"}, nil) {
		return err
	}
	c.Status(fiber.StatusUnprocessableEntity)
	forms := accountFormsOf(httpx.Me(c))
	forms.ResponseTime, forms.CrisisText = f.ResponseTime, f.CrisisText
	return h.renderAccount(c, forms, errs)
}
