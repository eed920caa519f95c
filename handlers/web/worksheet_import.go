package web

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/fhir"
)

// isFHIRJSON tells a FHIR Questionnaire (JSON) from worksheet YAML.
func isFHIRJSON(src string) bool {
	s := strings.TrimSpace(src)
	return strings.HasPrefix(s, "{") && strings.Contains(s, `"resourceType"`)
}

// importQuestionnaire saves an uploaded FHIR Questionnaire as the
// practitioner's own worksheet. Problems are listed at their JSON pointer;
// what Tend left out or changed is said in the message after saving.
func (h *Handler) importQuestionnaire(c *fiber.Ctx, src string) error {
	def, report, err := fhir.FromQuestionnaire([]byte(src))
	var ie *fhir.ImportError
	if errors.As(err, &ie) {
		probs := make([]uploadProblem, len(ie.Problems))
		for i, p := range ie.Problems {
			probs[i] = uploadProblem{Path: p.Path, Message: p.Message}
		}
		// JSON on one line is hard to fix by hand: show it indented.
		var pretty bytes.Buffer
		if json.Indent(&pretty, []byte(src), "", "  ") == nil {
			src = pretty.String()
		}
		return h.uploadProblems(c, src, probs)
	}
	if err != nil {
		return err
	}
	msg := "FHIR questionnaire saved as your own worksheet."
	if len(report) > 0 {
		var parts []string
		for i, r := range report {
			if i == 5 {
				parts = append(parts, fmt.Sprintf("and %d more", len(report)-5))
				break
			}
			parts = append(parts, strings.TrimPrefix(r.Path+" ", " ")+r.Message)
		}
		msg += " Some parts changed on the way: " + strings.Join(parts, "; ") + "."
	}
	return h.saveUploaded(c, src, def, msg)
}
