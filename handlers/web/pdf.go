package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// pageAssignmentPDF and pageSummaryPDF are the same documents for the
// signed-in web pages, in the practitioner's time zone.
func (h *Handler) pageAssignmentPDF(c *fiber.Ctx) error {
	return h.docs.AssignmentPDF(c, httpx.Location(c))
}

func (h *Handler) pageSummaryPDF(c *fiber.Ctx) error {
	return h.docs.SummaryPDF(c, httpx.Location(c))
}

// pageClientExport is the client's whole record as a ZIP, in the
// practitioner's time zone.
func (h *Handler) pageClientExport(c *fiber.Ctx) error {
	return h.docs.ClientExport(c, httpx.Location(c))
}
