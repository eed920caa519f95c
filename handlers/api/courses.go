package api

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type courseJSON struct {
	*worksheets.Course
	Source string `json:"source"`
}

func (h *Handler) apiListCourses(c *fiber.Ctx) error {
	cs, err := h.Store.Courses(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	out := listJSON[courseJSON]{Data: make([]courseJSON, 0, len(cs))}
	for _, cv := range cs {
		out.Data = append(out.Data, courseJSON{cv.Course, cv.Source})
	}
	return c.JSON(out)
}

func (h *Handler) apiGetCourse(c *fiber.Ctx) error {
	cv, err := h.Store.CourseByKey(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	if strings.Contains(c.Get(fiber.HeaderAccept), "yaml") {
		data, err := cv.YAMLSource()
		if err != nil {
			return err
		}
		c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
		return c.Send(data)
	}
	return c.JSON(courseJSON{cv.Course, cv.Source})
}

func (h *Handler) apiCreateCourse(c *fiber.Ctx) error {
	ct := c.Get(fiber.HeaderContentType)
	if !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) && !strings.Contains(ct, "yaml") && ct != "" && !strings.HasPrefix(ct, "text/plain") {
		return httpx.APIError(c, fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send application/yaml or application/json", nil)
	}
	course, probs, err := h.ParseCourse(c, ct, c.Body())
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "the course has problems", probs)
	}
	if err := h.Store.SaveCustomCourse(c.UserContext(), httpx.Me(c).ID, course); err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(courseJSON{course, models.SourceCustom})
}

type stepJSON struct {
	ID           string     `json:"id"`
	Worksheet    string     `json:"worksheet"`
	Title        string     `json:"title"`
	State        string     `json:"state"`
	At           *time.Time `json:"at"`
	WaitsFor     string     `json:"waits_for,omitempty"`
	AssignmentID string     `json:"assignment_id,omitempty"`
	Status       string     `json:"status,omitempty"`
}

type enrolmentJSON struct {
	ID            string     `json:"id"`
	ClientID      string     `json:"client_id"`
	CourseKey     string     `json:"course_key"`
	Title         string     `json:"title"`
	StartOn       *string    `json:"start_on"`
	ReleaseTime   string     `json:"release_time"`
	Released      int        `json:"released"`
	NextReleaseAt *time.Time `json:"next_release_at"`
	CompletedAt   *time.Time `json:"completed_at"`
	StoppedAt     *time.Time `json:"stopped_at"`
	Steps         []stepJSON `json:"steps"`
}

func toEnrolmentJSON(v *models.EnrolmentView) enrolmentJSON {
	out := enrolmentJSON{ID: v.ID, ClientID: v.ClientID, CourseKey: v.CourseKey, Title: v.Title, StartOn: httpx.DateString(&v.StartOn),
		ReleaseTime: v.ReleaseTime, Released: v.Done, NextReleaseAt: v.NextReleaseAt, CompletedAt: v.CompletedAt, StoppedAt: v.StoppedAt}
	for _, s := range v.Steps {
		out.Steps = append(out.Steps, stepJSON{s.ID, s.Worksheet, s.Title, s.State, s.At, s.WaitsFor, s.AssignmentID, s.Status})
	}
	return out
}

type enrolRequest struct {
	CourseKey   string `json:"course_key"`
	StartOn     string `json:"start_on"`
	ReleaseTime string `json:"release_time"`
}

func (h *Handler) apiEnrol(c *fiber.Ctx) error {
	var req enrolRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	start, problem := httpx.ParseDate(req.StartOn, httpx.DueBounds(httpx.LocalDate(h.Store.Now(), httpx.Location(c))))
	if problem != "" {
		return httpx.FieldError("start_on", problem)
	}
	v, err := h.Store.Enrol(c.UserContext(), httpx.Me(c).ID, c.Params("id"), req.CourseKey, start, req.ReleaseTime)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(toEnrolmentJSON(v))
}

func (h *Handler) apiListEnrolments(c *fiber.Ctx) error {
	vs, err := h.Store.Enrolments(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	out := listJSON[enrolmentJSON]{Data: make([]enrolmentJSON, 0, len(vs))}
	for i := range vs {
		out.Data = append(out.Data, toEnrolmentJSON(&vs[i]))
	}
	return c.JSON(out)
}

func (h *Handler) apiGetEnrolment(c *fiber.Ctx) error {
	v, err := h.Store.EnrolmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(toEnrolmentJSON(v))
}

func (h *Handler) apiStopEnrolment(c *fiber.Ctx) error {
	if err := h.Store.StopEnrolment(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
