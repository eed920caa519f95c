package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type enrolForm struct {
	Course      string `form:"course"`
	StartOn     string `form:"start_on"`
	ReleaseTime string `form:"release_time"`
}

type enrolPage struct {
	httpx.Base
	Client  *models.ClientView
	Courses []models.CourseView
	Form    enrolForm
	Errors  fieldErrors
	MinDate string
}

type enrolmentPage struct {
	httpx.Base
	Client    *models.ClientView
	Enrolment *models.EnrolmentView
}

var enrolLabels = map[string]string{"course": "The course", "start_on": "The start date", "release_time": "The time", "client": "This client"}

func (h *Handler) showEnrolPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	today := httpx.LocalDate(h.Store.Now(), httpx.Location(c))
	return h.renderEnrol(c, cl, enrolForm{Course: c.Query("course"), StartOn: today.Format(time.DateOnly), ReleaseTime: models.DefaultReleaseTime}, nil)
}

func (h *Handler) renderEnrol(c *fiber.Ctx, cl *models.ClientView, f enrolForm, errs fieldErrors) error {
	cs, err := h.Store.Courses(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	b := h.Base(c, "clients", "Start a course")
	p := enrolPage{Base: b, Client: cl, Courses: cs, Form: f, Errors: errs, MinDate: httpx.LocalDate(h.Store.Now(), b.Loc).Format(time.DateOnly)}
	if len(errs) > 0 {
		return h.unprocessable(c, "pages/enrol", p)
	}
	return h.Render(c, "pages/enrol", p)
}

// enrol starts the client on the chosen course.
func (h *Handler) enrol(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	cl, err := h.Store.ClientByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	var f enrolForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Course == "" {
		errs.add("course", "Choose a course.")
	}
	start, problem := httpx.ParseDate(strings.TrimSpace(f.StartOn), httpx.DueBounds(httpx.LocalDate(h.Store.Now(), httpx.Location(c))))
	if problem != "" {
		errs.add("start_on", "The start date "+problem+".")
	}
	if len(errs) == 0 {
		v, err := h.Store.Enrol(ctx, pid, cl.ID, f.Course, start, strings.TrimSpace(f.ReleaseTime))
		if err == nil {
			h.Flash(c, v.Title+" started.")
			return httpx.Redirect(c, "/enrolments/"+v.ID)
		}
		if !errs.fromValidation(err, enrolLabels, map[string]string{"course_key": "course", "client_id": "client"}) {
			return err
		}
	}
	return h.renderEnrol(c, cl, f, errs)
}

// showEnrolmentPage: a client's course, step by step.
func (h *Handler) showEnrolmentPage(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	v, err := h.Store.EnrolmentByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	cl, err := h.Store.ClientByID(ctx, pid, v.ClientID)
	if err != nil {
		return err
	}
	return h.Render(c, "pages/enrolment", enrolmentPage{Base: h.Base(c, "clients", v.Title), Client: cl, Enrolment: v})
}

// stopEnrolment ends a client's course; what was sent stays.
func (h *Handler) stopEnrolment(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.StopEnrolment(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Course stopped. Worksheets already sent stay as they are.")
	return httpx.Redirect(c, "/enrolments/"+id)
}
