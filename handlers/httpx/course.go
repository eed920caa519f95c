package httpx

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/worksheets"
)

// ParseCourse reads a course body (JSON when the content type says so,
// else YAML) checked against the worksheets pid has; problems come back as
// a list for a 422.
func (k *Kit) ParseCourse(c *fiber.Ctx, contentType string, body []byte) (*worksheets.Course, []worksheets.Problem, error) {
	have, err := k.Store.WorksheetKeySet(c.UserContext(), Me(c).ID)
	if err != nil {
		return nil, nil, err
	}
	known := func(k string) bool { return have[k] }
	var course *worksheets.Course
	if strings.HasPrefix(contentType, fiber.MIMEApplicationJSON) {
		course, err = worksheets.ParseCourseJSON(body, known)
	} else {
		course, err = worksheets.ParseCourse(body, known)
	}
	var de *worksheets.DefinitionError
	if errors.As(err, &de) {
		return nil, de.Problems, nil
	}
	if err != nil {
		return nil, []worksheets.Problem{{Message: "could not read the course"}}, nil
	}
	return course, nil, nil
}
