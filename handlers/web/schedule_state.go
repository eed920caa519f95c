package web

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// pauseSchedule holds a schedule's releases.
func (h *Handler) pauseSchedule(c *fiber.Ctx) error {
	v, err := h.Store.PauseSchedule(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	return h.afterScheduleChange(c, v, err, "Schedule paused. Nothing more is sent until you resume it.")
}

// resumeSchedule restarts a paused schedule from its next date to come.
func (h *Handler) resumeSchedule(c *fiber.Ctx) error {
	v, err := h.Store.ResumeSchedule(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	msg := "Schedule resumed."
	if err == nil && v.NextOn != nil {
		msg += " Next: " + dayWords(v.NextOn) + "."
	}
	return h.afterScheduleChange(c, v, err, msg)
}

// stopSchedule ends a schedule; what was sent stays.
func (h *Handler) stopSchedule(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	v, err := h.Store.ScheduleByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	err = h.Store.StopSchedule(ctx, pid, v.ID)
	return h.afterScheduleChange(c, v, err, "Schedule stopped. Worksheets already sent stay as they are.")
}

func (h *Handler) afterScheduleChange(c *fiber.Ctx, v *models.ScheduleView, err error, msg string) error {
	if errors.Is(err, models.ErrConflict) {
		return &httpx.Error{Status: fiber.StatusConflict, Code: "conflict", Message: httpx.ConflictMessage(err)}
	}
	if err != nil {
		return err
	}
	h.Flash(c, msg)
	return httpx.Redirect(c, "/clients/"+v.ClientID+"#schedules")
}

// dayWords is a date as pages say it ("Monday 15 February").
func dayWords(d *time.Time) string {
	if d == nil {
		return "never"
	}
	return d.Format("Monday 2 January")
}
