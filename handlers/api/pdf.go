package handlers

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
)

// apiAssignmentPDF renders one assignment as a PDF.
func (h *Handler) apiAssignmentPDF(c *fiber.Ctx) error {
	return h.assignmentPDF(c, time.UTC)
}

// apiSummaryPDF renders a client's session summary since ?since=YYYY-MM-DD
// (default: the last summary made, else everything).
func (h *Handler) apiSummaryPDF(c *fiber.Ctx) error {
	return h.summaryPDF(c, time.UTC)
}

func (h *Handler) assignmentPDF(c *fiber.Ctx, loc *time.Location) error {
	p := me(c)
	doc, err := h.buildAssignmentDoc(c.UserContext(), p, c.Params("id"), loc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.pdf.WriteAssignment(c.UserContext(), &buf, doc); err != nil {
		return err
	}
	h.store.Audit(c.UserContext(), models.Actor{Type: "practitioner", ID: p.ID, IP: c.IP()}, "assignment.pdf", "assignment", doc.ID)
	return sendPDF(c, reports.Filename("assignment", doc.ID, h.store.Now()), buf.Bytes())
}

func (h *Handler) summaryPDF(c *fiber.Ctx, loc *time.Location) error {
	p := me(c)
	clientID := c.Params("id")
	client, err := h.store.ClientByID(c.UserContext(), p.ID, clientID)
	if err != nil {
		return err
	}
	since := client.CreatedAt
	if client.LastSummaryAt != nil {
		since = *client.LastSummaryAt
	}
	if s := c.Query("since"); s != "" {
		d, ok := parseDate(s)
		if !ok {
			return fieldError("since", "must be a date like 2026-11-01")
		}
		since = *d
	}
	doc, err := h.buildSummaryDoc(c.UserContext(), p, clientID, since, loc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.pdf.WriteSummary(c.UserContext(), &buf, doc); err != nil {
		return err
	}
	if err := h.store.MarkSummaryPrinted(c.UserContext(), p.ID, clientID); err != nil {
		return err
	}
	h.store.Audit(c.UserContext(), models.Actor{Type: "practitioner", ID: p.ID, IP: c.IP()}, "client.summary_pdf", "client", clientID)
	return sendPDF(c, reports.Filename("summary", clientID, h.store.Now()), buf.Bytes())
}

// sendPDF answers with a server-named attachment that is never cached.
func sendPDF(c *fiber.Ctx, filename string, pdf []byte) error {
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(pdf)
}

// pageAssignmentPDF and pageSummaryPDF are the same documents for the
// signed-in web pages, in the practitioner's time zone.
func (h *Handler) pageAssignmentPDF(c *fiber.Ctx) error {
	return h.assignmentPDF(c, location(c))
}

func (h *Handler) pageSummaryPDF(c *fiber.Ctx) error {
	return h.summaryPDF(c, location(c))
}
