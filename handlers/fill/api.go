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

// fillJSON is GET /api/v1/fill: the assignment as its client sees it.
type fillJSON struct {
	AssignmentID     string                 `json:"assignment_id"`
	Status           string                 `json:"status"`
	Instructions     string                 `json:"instructions"`
	DueOn            *string                `json:"due_on"`
	PractitionerName string                 `json:"practitioner_name"`
	Worksheet        *worksheets.Definition `json:"worksheet"`
	Draft            *fillDraftJSON         `json:"draft"`
	SubmittedAt      *time.Time             `json:"submitted_at,omitempty"`
	Answers          worksheets.Answers     `json:"answers,omitzero"`
}

// fillDefinition is a definition without what is written for the
// practitioner only: the guide, the scales (bands read like verdicts) and
// the flag rules (their messages are notes to the practitioner).
func fillDefinition(d *worksheets.Definition) *worksheets.Definition {
	cp := *d
	cp.Guide, cp.Scales, cp.Flags = "", nil, nil
	return &cp
}

// apiFillGet is GET /api/v1/fill.
func (h *Handler) apiFillGet(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if ok, err := h.linkOpened(c, v.ID); err != nil {
		return err
	} else if !ok {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(time.Hour.Seconds())))
		return httpx.APIError(c, fiber.StatusTooManyRequests, "rate_limited",
			"this link was opened too often in the last hour; try again within the hour", nil)
	}
	out := fillJSON{AssignmentID: v.ID, Status: v.Status, Instructions: v.Instructions, DueOn: httpx.DateString(v.DueOn),
		PractitionerName: v.PractitionerName, Worksheet: fillDefinition(v.Worksheet.Def)}
	answers := v.Answers
	if answers == nil {
		answers = worksheets.Answers{}
	}
	switch {
	case h.copyGone(v):
		out.SubmittedAt = v.SubmittedAt // the copy is gone: when it was sent, no answers
	case fillSubmitted(v):
		out.SubmittedAt, out.Answers = v.SubmittedAt, answers
	case v.ResponseVersion > 0:
		out.Draft = &fillDraftJSON{Version: v.ResponseVersion, Answers: answers, SavedAt: v.SavedAt}
	}
	return c.JSON(out)
}

type fillSubmitRequest struct {
	Answers worksheets.Answers `json:"answers"`
}

type fillSubmittedBody struct {
	Status      string          `json:"status"`
	SubmittedAt time.Time       `json:"submitted_at"`
	Crisis      *fillCrisisJSON `json:"crisis,omitempty"`
	// Support is a medium flag's own words to the client (never its
	// message to the practitioner); no crisis contacts come with it.
	Support []string `json:"support,omitempty"`
}

// fillCrisisJSON is where to get help now, sent when a high flag fired.
type fillCrisisJSON struct {
	Heading  string `json:"heading"`
	Message  string `json:"message"`
	Contacts string `json:"contacts"`
}

// apiFillSubmit is POST /api/v1/fill/submit {answers} with an optional
// Idempotency-Key: a retry with the same key gets the original 200.
func (h *Handler) apiFillSubmit(c *fiber.Ctx) error {
	key := c.Get("Idempotency-Key")
	if len(key) > 100 {
		return httpx.APIError(c, fiber.StatusBadRequest, "bad_request", "Idempotency-Key must be at most 100 characters", nil)
	}
	var req fillSubmitRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if fillSubmitted(v) {
		at, _, err := h.Store.Submit(c.UserContext(), v.ID, models.Submission{IdempotencyKey: key})
		if errors.Is(err, models.ErrSubmitted) {
			return fillAlreadySubmitted(c)
		}
		if err != nil {
			return err
		}
		return c.JSON(h.fillSubmittedJSON(at, h.helpAfterSend(v)))
	}
	if req.Answers == nil {
		req.Answers = worksheets.Answers{}
	}
	cleaned, errs := v.Worksheet.Def.ValidateAnswers(req.Answers, worksheets.Submit)
	if len(errs) > 0 {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "some answers need attention", errs)
	}
	at, err := h.submitFill(c, v, cleaned, key)
	if errors.Is(err, models.ErrSubmitted) {
		return fillAlreadySubmitted(c)
	}
	if err != nil {
		return err
	}
	// The help follows the stored submission (a replay answers as the
	// original did).
	if v, err = h.loadFill(c); err != nil {
		return err
	}
	return c.JSON(h.fillSubmittedJSON(at, h.helpAfterSend(v)))
}

func (h *Handler) fillSubmittedJSON(at time.Time, help fillHelp) fillSubmittedBody {
	// Microseconds, UTC: what every database gives back, so a replay's
	// body is byte-for-byte the original's.
	out := fillSubmittedBody{Status: models.StatusSubmitted, SubmittedAt: at.UTC().Truncate(time.Microsecond), Support: help.Support}
	if help.Crisis {
		out.Crisis = &fillCrisisJSON{Heading: help.Heading,
			Message:  "Thank you for telling us. Your practitioner will read your answers, but not straight away.",
			Contacts: help.CrisisText}
	}
	return out
}
