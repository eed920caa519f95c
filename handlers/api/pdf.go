package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
)

// apiAssignmentPDF renders one assignment as a PDF.
func (h *Handler) apiAssignmentPDF(c *fiber.Ctx) error {
	return h.docs.AssignmentPDF(c, time.UTC)
}

// apiSummaryPDF renders a client's session summary for
// ?from=&to=YYYY-MM-DD (default: the last session held, else 30 days ago,
// until today in UTC), with &answers=1 and &copy=client as on the web.
func (h *Handler) apiSummaryPDF(c *fiber.Ctx) error {
	return h.docs.SummaryPDF(c, time.UTC)
}

// apiClientExport streams a ZIP of everything about a client.
func (h *Handler) apiClientExport(c *fiber.Ctx) error {
	return h.docs.ClientExport(c, time.UTC)
}
