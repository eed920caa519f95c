package fill

import (
	"errors"
	"regexp"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// fillDraftRequest is the body of PUT /f/draft and PUT /api/v1/fill/draft.
// SaveID (or the X-Save-Id header) is the caller's id for this save, the
// same on each retry of it: a retry of a save that committed gets its 200.
type fillDraftRequest struct {
	Version int                `json:"version"`
	SaveID  string             `json:"save_id"`
	Answers worksheets.Answers `json:"answers"`
}

// fillSaveIDPattern is what a save id may be: 1–100 URL-safe characters.
var fillSaveIDPattern = regexp.MustCompile(`^[A-Za-z0-9_-]{1,100}$`)

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

// apiFillDraftKnown runs before fillAPI: the usual API autosave through a
// link this process resolved before (models.KnownLink) is one statement,
// which saves only while everything fillAPI and putFillDraft would check
// still holds (see models.SaveDraftByLink), and is answered here. Anything
// else (a link not known, a body or answers to refuse, a stale version, a
// replayed save id, a risk answer, a link that no longer opens) goes on,
// unanswered and with nothing changed, to fillAPI and apiFillDraft, which
// answer it as they always did.
func (h *Handler) apiFillDraftKnown(c *fiber.Ctx) error {
	tok, _ := httpx.Bearer(c)
	link, ok := h.Store.KnownLink(tok)
	if !ok {
		return c.Next()
	}
	req, err := readFillDraft(c)
	if err != nil {
		return c.Next()
	}
	cleaned, errs, err := h.cleanDraft(c, link.WorksheetVersionID, req.Answers)
	if err != nil || len(errs) > 0 {
		return c.Next()
	}
	version, savedAt, saved, err := h.Store.SaveDraftByLink(c.UserContext(), link, req.Version, req.SaveID, cleaned)
	if err != nil {
		return err
	}
	if !saved {
		return c.Next()
	}
	return c.JSON(fillDraftSavedJSON{Version: version, SavedAt: savedAt})
}

// errBadSaveID: a save id that does not match fillSaveIDPattern.
var errBadSaveID = errors.New("bad save id")

// readFillDraft reads a draft save's body and save id: a body that is not
// JSON of the right shape is the httpx error to answer, a save id of the
// wrong form errBadSaveID.
func readFillDraft(c *fiber.Ctx) (fillDraftRequest, error) {
	var req fillDraftRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return req, err
	}
	if id := c.Get("X-Save-Id"); id != "" {
		req.SaveID = id
	}
	if req.SaveID != "" && !fillSaveIDPattern.MatchString(req.SaveID) {
		return req, errBadSaveID
	}
	if req.Answers == nil {
		req.Answers = worksheets.Answers{}
	}
	return req, nil
}

// cleanDraft validates a draft's answers against worksheet version wsID.
func (h *Handler) cleanDraft(c *fiber.Ctx, wsID string, ans worksheets.Answers) (worksheets.Answers, []worksheets.FieldError, error) {
	ws, err := h.Store.WorksheetVersionByID(c.UserContext(), wsID)
	if err != nil {
		return nil, nil, err
	}
	cleaned, errs := ws.Def.ValidateAnswers(ans, worksheets.Draft)
	return cleaned, errs, nil
}

// putFillDraft saves {version, answers} as the draft if version is current:
// 200 {version, saved_at} (also for a retry of the save that committed,
// by its save id); 409 with the current draft when it is stale;
// 409 already_submitted after submission; 422 with details for answers
// that even a draft cannot hold (wrong types, out of range, too long).
func (h *Handler) putFillDraft(c *fiber.Ctx) error {
	req, err := readFillDraft(c)
	if errors.Is(err, errBadSaveID) {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "the save id is not valid",
			[]worksheets.FieldError{{Item: "save_id", Message: "use 1 to 100 letters, digits, - or _"}})
	}
	if err != nil {
		return err
	}
	t, err := h.fillTarget(c)
	if err != nil {
		return err
	}
	if t.Submitted() {
		return fillAlreadySubmitted(c)
	}
	cleaned, errs, err := h.cleanDraft(c, t.WorksheetVersionID, req.Answers)
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "some answers need attention", errs)
	}
	version, savedAt, err := h.Store.SaveDraftOnce(c.UserContext(), t, req.Version, req.SaveID, cleaned)
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

// localFillTarget holds the *models.FillTarget fillAPI read with the link.
const localFillTarget = "fill_target"

// fillTarget is what a draft save starts from: read with the link by
// fillAPI, or now for the session's assignment.
func (h *Handler) fillTarget(c *fiber.Ctx) (*models.FillTarget, error) {
	if t, ok := c.Locals(localFillTarget).(*models.FillTarget); ok {
		return t, nil
	}
	return h.Store.FillTarget(c.UserContext(), fillAssignmentID(c))
}

func fillAlreadySubmitted(c *fiber.Ctx) error {
	return httpx.APIError(c, fiber.StatusConflict, "already_submitted", "these answers were already submitted and can no longer change", nil)
}
