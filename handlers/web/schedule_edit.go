package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// showNewSchedulePage: the schedule editor for a new schedule.
func (h *Handler) showNewSchedulePage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return h.renderSchedule(c, cl, nil, formFromSchedule(nil, httpx.LocalDate(h.Store.Now(), httpx.Location(c))), nil)
}

// createSchedule starts a schedule and goes back to the client.
func (h *Handler) createSchedule(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	cl, err := h.Store.ClientByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	var f scheduleForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	in := f.input(errs)
	if len(errs) == 0 {
		v, err := h.Store.CreateSchedule(ctx, pid, cl.ID, in)
		if err == nil {
			h.Flash(c, "Schedule saved. The first worksheets go out "+dayWords(v.NextOn)+".")
			return httpx.Redirect(c, "/clients/"+cl.ID+"#schedules")
		}
		if !errs.fromValidation(err, scheduleLabels, scheduleRename) {
			return err
		}
	}
	return h.renderSchedule(c, cl, nil, f, errs)
}

// showEditSchedulePage: the editor for an existing schedule.
func (h *Handler) showEditSchedulePage(c *fiber.Ctx) error {
	cl, v, err := h.scheduleAndClient(c)
	if err != nil {
		return err
	}
	return h.renderSchedule(c, cl, v, formFromSchedule(v, httpx.LocalDate(h.Store.Now(), httpx.Location(c))), nil)
}

// editSchedule changes what the schedule releases from now on.
func (h *Handler) editSchedule(c *fiber.Ctx) error {
	cl, v, err := h.scheduleAndClient(c)
	if err != nil {
		return err
	}
	var f scheduleForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	in := f.input(errs)
	if len(errs) == 0 {
		nv, err := h.Store.EditSchedule(c.UserContext(), httpx.Me(c).ID, v.ID, in)
		if err == nil {
			msg := "Schedule changed. Worksheets already sent are not affected."
			if nv.NextOn != nil {
				msg += " Next: " + dayWords(nv.NextOn) + "."
			}
			h.Flash(c, msg)
			return httpx.Redirect(c, "/clients/"+cl.ID+"#schedules")
		}
		if !errs.fromValidation(err, scheduleLabels, scheduleRename) {
			return err
		}
	}
	return h.renderSchedule(c, cl, v, f, errs)
}

func (h *Handler) scheduleAndClient(c *fiber.Ctx) (*models.ClientView, *models.ScheduleView, error) {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	v, err := h.Store.ScheduleByID(ctx, pid, c.Params("id"))
	if err != nil {
		return nil, nil, err
	}
	cl, err := h.Store.ClientByID(ctx, pid, v.ClientID)
	return cl, v, err
}
