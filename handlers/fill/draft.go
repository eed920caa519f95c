package fill

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// fillDraftRequest is the body of PUT /f/draft and PUT /api/v1/fill/draft.
type fillDraftRequest struct {
	Version int                `json:"version"`
	Answers worksheets.Answers `json:"answers"`
}

type fillDraftSavedJSON struct {
	Version int       `json:"version"`
	SavedAt time.Time `json:"saved_at"`
}

type fillDraftJSON struct {
	Version int                `json:"version"`
	Answers worksheets.Answers `json:"answers"`
	SavedAt *time.Time         `json:"saved_at,omitempty"`
}

// fillConflictBody is a 409 for a stale version: the error plus the
// stored draft, so the page can offer it instead of overwriting it.
type fillConflictBody struct {
	Error   httpx.ErrorInfo `json:"error"`
	Current fillDraftJSON   `json:"current"`
}

// saveFillDraft is the page's autosave (fill.js): cookie + X-CSRF-Token.
func (h *Handler) saveFillDraft(c *fiber.Ctx) error { return h.putFillDraft(c) }

// apiFillDraft is PUT /api/v1/fill/draft with the link token as bearer.
func (h *Handler) apiFillDraft(c *fiber.Ctx) error { return h.putFillDraft(c) }

// putFillDraft saves {version, answers} as the draft if version is current:
// 200 {version, saved_at}; 409 with the current draft when it is stale;
// 409 already_submitted after submission; 422 with details for answers
// that even a draft cannot hold (wrong types, out of range, too long).
func (h *Handler) putFillDraft(c *fiber.Ctx) error {
	var req fillDraftRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if fillSubmitted(v) {
		return fillAlreadySubmitted(c)
	}
	if req.Answers == nil {
		req.Answers = worksheets.Answers{}
	}
	cleaned, errs := v.Worksheet.Def.ValidateAnswers(req.Answers, worksheets.Draft)
	if len(errs) > 0 {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "some answers need attention", errs)
	}
	version, savedAt, err := h.Store.SaveDraft(c.UserContext(), v.ID, req.Version, cleaned)
	var dc *models.DraftConflict
	switch {
	case errors.As(err, &dc):
		cur := fillDraftJSON{Version: dc.Version, Answers: dc.Answers}
		if cur.Answers == nil {
			cur.Answers = worksheets.Answers{}
		}
		return c.Status(fiber.StatusConflict).JSON(fillConflictBody{
			Error:   httpx.ErrorInfo{Code: "conflict", Message: "the draft was saved elsewhere since this version; nothing was overwritten"},
			Current: cur})
	case errors.Is(err, models.ErrSubmitted):
		return fillAlreadySubmitted(c)
	case err != nil:
		return err
	}
	return c.JSON(fillDraftSavedJSON{Version: version, SavedAt: savedAt})
}

func fillAlreadySubmitted(c *fiber.Ctx) error {
	return httpx.APIError(c, fiber.StatusConflict, "already_submitted", "these answers were already submitted and can no longer change", nil)
}
