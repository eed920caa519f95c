package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type scheduleJSON struct {
	ID            string          `json:"id"`
	ClientID      string          `json:"client_id"`
	WorksheetKeys []string        `json:"worksheet_keys"`
	Worksheets    []sheetNameJSON `json:"worksheets"`
	Every         string          `json:"every"`
	Weekday       int             `json:"weekday"`
	StartOn       *string         `json:"start_on"`
	UntilOn       *string         `json:"until_on"`
	Count         int             `json:"count,omitempty"`
	DueAfterDays  int             `json:"due_after_days"`
	ReleaseTime   string          `json:"release_time"`
	Instructions  string          `json:"instructions"`
	State         string          `json:"state"`
	Released      int             `json:"released"`
	NextReleaseOn *string         `json:"next_release_on"`
	NextReleaseAt *time.Time      `json:"next_release_at"`
	CreatedAt     time.Time       `json:"created_at"`
}

// sheetNameJSON names a worksheet a schedule releases; no version, since
// each release takes the latest one.
type sheetNameJSON struct {
	Key   string `json:"key"`
	Title string `json:"title"`
}

func toScheduleJSON(v *models.ScheduleView) scheduleJSON {
	out := scheduleJSON{ID: v.ID, ClientID: v.ClientID, WorksheetKeys: v.Keys(), Every: v.Every, Weekday: v.Weekday,
		StartOn: httpx.DateString(&v.StartOn), UntilOn: httpx.DateString(v.UntilOn), Count: v.Count, DueAfterDays: v.DueAfterDays,
		ReleaseTime: v.ReleaseTime, Instructions: v.Instructions, State: v.State, Released: v.Released,
		NextReleaseOn: httpx.DateString(v.NextOn), NextReleaseAt: v.NextReleaseAt, CreatedAt: v.CreatedAt}
	for i, k := range v.Keys() {
		out.Worksheets = append(out.Worksheets, sheetNameJSON{Key: k, Title: v.Titles[i]})
	}
	return out
}

// scheduleRequest creates a schedule; as a PATCH body every field is
// optional and only those given change (paused pauses or resumes).
type scheduleRequest struct {
	WorksheetKeys []string `json:"worksheet_keys"`
	Every         *string  `json:"every"`
	Weekday       *int     `json:"weekday"`
	StartOn       *string  `json:"start_on"`
	UntilOn       *string  `json:"until_on"`
	Count         *int     `json:"count"`
	DueAfterDays  *int     `json:"due_after_days"`
	ReleaseTime   *string  `json:"release_time"`
	Instructions  *string  `json:"instructions"`
	Paused        *bool    `json:"paused"`
}

// edits reports whether the request changes the rule (not only paused).
func (r scheduleRequest) edits() bool {
	return r.WorksheetKeys != nil || r.Every != nil || r.Weekday != nil || r.StartOn != nil || r.UntilOn != nil ||
		r.Count != nil || r.DueAfterDays != nil || r.ReleaseTime != nil || r.Instructions != nil
}

// onto applies the request's fields to in; dates are checked for form
// here and for meaning in the store.
func (r scheduleRequest) onto(in *models.ScheduleInput) error {
	bounds := httpx.DateBounds{Min: httpx.EarliestDate, Max: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC),
		Early: "must not be before 2000-01-01", Late: "must be before 2200"}
	if r.WorksheetKeys != nil {
		in.WorksheetKeys = r.WorksheetKeys
	}
	set(&in.Every, r.Every)
	set(&in.Weekday, r.Weekday)
	set(&in.DueAfterDays, r.DueAfterDays)
	set(&in.ReleaseTime, r.ReleaseTime)
	set(&in.Instructions, r.Instructions)
	if r.StartOn != nil {
		d, problem := httpx.ParseDate(*r.StartOn, bounds)
		if problem != "" {
			return httpx.FieldError("start_on", problem)
		}
		in.StartOn = d
	}
	if r.UntilOn != nil || r.Count != nil {
		in.UntilOn, in.Count = nil, 0
	}
	if r.UntilOn != nil {
		d, problem := httpx.ParseDate(*r.UntilOn, bounds)
		if problem != "" {
			return httpx.FieldError("until_on", problem)
		}
		in.UntilOn = d
	}
	set(&in.Count, r.Count)
	return nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

func (h *Handler) apiCreateSchedule(c *fiber.Ctx) error {
	var req scheduleRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	var in models.ScheduleInput
	if err := req.onto(&in); err != nil {
		return err
	}
	v, err := h.Store.CreateSchedule(c.UserContext(), httpx.Me(c).ID, c.Params("id"), in)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toScheduleJSON(v))
}

func (h *Handler) apiListSchedules(c *fiber.Ctx) error {
	vs, err := h.Store.Schedules(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	out := listJSON[scheduleJSON]{Data: make([]scheduleJSON, 0, len(vs))}
	for i := range vs {
		out.Data = append(out.Data, toScheduleJSON(&vs[i]))
	}
	return c.JSON(out)
}

func (h *Handler) apiGetSchedule(c *fiber.Ctx) error {
	v, err := h.Store.ScheduleByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toScheduleJSON(v))
}

// apiPatchSchedule edits future releases, then pauses or resumes.
func (h *Handler) apiPatchSchedule(c *fiber.Ctx) error {
	ctx, pid, id := c.UserContext(), httpx.Me(c).ID, c.Params("id")
	var req scheduleRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	v, err := h.Store.ScheduleByID(ctx, pid, id)
	if err != nil {
		return err
	}
	if req.edits() {
		in := v.Input()
		in.StartOn = nil // from today, or the day after the last release
		if err := req.onto(&in); err != nil {
			return err
		}
		if in.StartOn == nil {
			today := httpx.LocalDate(h.Store.Now(), httpx.Location(c))
			in.StartOn = &today
		}
		if v, err = h.Store.EditSchedule(ctx, pid, id, in); err != nil {
			return err
		}
	}
	switch {
	case req.Paused == nil:
	case *req.Paused:
		v, err = h.Store.PauseSchedule(ctx, pid, id)
	default:
		v, err = h.Store.ResumeSchedule(ctx, pid, id)
	}
	if err != nil {
		return err
	}
	return c.JSON(toScheduleJSON(v))
}

func (h *Handler) apiStopSchedule(c *fiber.Ctx) error {
	if err := h.Store.StopSchedule(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
