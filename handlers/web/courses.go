package web

import (
	"errors"
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// Courses: the built-in ones and the practitioner's own; "make it yours"
// is download, change, upload (nothing is saved until the whole course is
// valid; problems are listed with their lines, as for worksheets).

type coursesPage struct {
	httpx.Base
	Courses  []models.CourseView
	YAML     string
	Problems []uploadProblem
}

func (h *Handler) showCoursesPage(c *fiber.Ctx) error {
	return h.renderCourses(c, "", nil)
}

func (h *Handler) renderCourses(c *fiber.Ctx, src string, probs []uploadProblem) error {
	cs, err := h.Store.Courses(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	p := coursesPage{Base: h.Base(c, "worksheets", "Courses"), Courses: cs, YAML: src, Problems: probs}
	if len(probs) > 0 {
		return h.unprocessable(c, "pages/courses", p)
	}
	return h.Render(c, "pages/courses", p)
}

// uploadCourse checks the YAML and saves it as the practitioner's course.
func (h *Handler) uploadCourse(c *fiber.Ctx) error {
	src, problem, err := readUploadYAML(c)
	if err != nil {
		return err
	}
	if problem != "" {
		return h.renderCourses(c, src, []uploadProblem{{Message: problem}})
	}
	course, probs, err := h.ParseCourse(c, "application/yaml", []byte(src))
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return h.renderCourses(c, src, problemsWithLines(src, probs))
	}
	err = h.Store.SaveCustomCourse(c.UserContext(), httpx.Me(c).ID, course)
	if errors.Is(err, models.ErrConflict) {
		return h.renderCourses(c, src, problemsWithLines(src, []worksheets.Problem{{Path: "key", Line: keyLine(src),
			Message: "this key belongs to a built-in course; change key: to a new name of your own"}}))
	}
	if err != nil {
		return err
	}
	h.Flash(c, "Course saved as your own. Start it from a client's page.")
	return httpx.Redirect(c, "/courses")
}

// downloadCourseYAML sends a course's YAML (a built-in's own file, with
// its comments) as a file named from its key.
func (h *Handler) downloadCourseYAML(c *fiber.Ctx) error {
	cv, err := h.Store.CourseByKey(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	data, err := cv.YAMLSource()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="tend-course-%s.yaml"`, cv.Key))
	return c.Send(data)
}
