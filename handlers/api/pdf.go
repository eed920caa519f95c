package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// apiAssignmentPDF renders one assignment as a PDF.
func (h *Handler) apiAssignmentPDF(c *fiber.Ctx) error {
	return h.docs.AssignmentPDF(c, time.UTC)
}

// apiSummaryPDF renders a client's session summary since ?since=YYYY-MM-DD
// (default: the last summary made, else everything).
func (h *Handler) apiSummaryPDF(c *fiber.Ctx) error {
	return h.docs.SummaryPDF(c, time.UTC)
}
