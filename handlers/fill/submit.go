package fill

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// submitFillForm submits the form (a plain POST that works without
// JavaScript). With errors the page comes back with everything as typed,
// the messages by each item and a summary at the top; what was typed is
// also saved as the draft when it can be. On success: /f/done.
func (h *Handler) submitFillForm(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	form := fillPostedForm(c)
	key := fillLast(form["_submission"])
	if fillSubmitted(v) {
		// A double click or a resent form carries the same key: the
		// original submission stands and the client sees the thank-you.
		_, _, err := h.Store.Submit(c.UserContext(), v.ID, models.Submission{IdempotencyKey: key})
		switch {
		case err == nil:
			return httpx.Redirect(c, "/f/done")
		case errors.Is(err, models.ErrSubmitted):
			return h.renderFillAnswers(c, fiber.StatusConflict, v, true)
		}
		return err
	}
	def := v.Worksheet.Def
	ans, errs := def.AnswersFromForm(form)
	version, _ := strconv.Atoi(fillLast(form["_version"]))
	cleaned, verrs := def.ValidateAnswers(ans, worksheets.Submit)
	if errs = append(errs, verrs...); len(errs) > 0 {
		st := fillFormState{answers: ans, errs: errs, version: h.keepFillDraft(c, v, ans, version), key: key}
		return h.renderFillForm(c, fiber.StatusUnprocessableEntity, v, st)
	}
	_, err = h.submitFill(c, v, cleaned, key)
	if errors.Is(err, models.ErrSubmitted) {
		return h.renderFillAnswers(c, fiber.StatusConflict, v, true)
	}
	if models.Unavailable(err) {
		// Everything typed comes back from the post (not the database),
		// with the same key, so pressing Send again cannot send twice.
		st := fillFormState{answers: ans, version: version, key: key, unavailable: true, sending: true}
		return h.renderFillForm(c, fiber.StatusServiceUnavailable, v, st)
	}
	if err != nil {
		return err
	}
	return httpx.Redirect(c, "/f/done")
}

// keepFillDraft saves what a client typed before a failed submit, so leaving
// the page loses nothing, and returns the draft version the page should
// carry. It never overwrites a newer draft and gives up quietly: the page
// still shows everything, and saving again is the client's choice.
func (h *Handler) keepFillDraft(c *fiber.Ctx, v *models.AssignmentView, ans worksheets.Answers, version int) int {
	cleaned, errs := v.Worksheet.Def.ValidateAnswers(ans, worksheets.Draft)
	if len(errs) > 0 {
		return version
	}
	n, _, err := h.Store.SaveDraft(c.UserContext(), v.ID, version, cleaned)
	if err != nil {
		return version
	}
	return n
}

// submitFill scores the cleaned answers, evaluates the flags and stores it all
// in one transaction (the store's Submit). A retry of a submission already
// stored under the same idempotency key returns the original time.
func (h *Handler) submitFill(c *fiber.Ctx, v *models.AssignmentView, cleaned worksheets.Answers, key string) (time.Time, error) {
	def := v.Worksheet.Def
	at, _, err := h.Store.Submit(c.UserContext(), v.ID, models.Submission{Answers: cleaned, Scores: def.Score(cleaned),
		Flags: def.EvaluateFlags(cleaned), IdempotencyKey: key})
	return at, err
}
