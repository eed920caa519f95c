package pdfdoc

import (
	"bytes"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/reports"
)

// AssignmentPDF renders one of the signed-in practitioner's assignments
// (the :id route parameter) in loc and sends it. A render slot is held
// from before loading until the PDF is made.
func (d *Docs) AssignmentPDF(c *fiber.Ctx, loc *time.Location) error {
	p := httpx.Me(c)
	slot, err := d.PDF.Acquire(c.UserContext())
	if err != nil {
		return err
	}
	defer slot.Release()
	doc, err := d.buildAssignmentDoc(c.UserContext(), p, c.Params("id"), loc)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := d.AuditReadDuring(c, "assignment.pdf", "assignment", doc.ID, func() error {
		return slot.WriteAssignment(c.UserContext(), &buf, doc)
	}); err != nil {
		return err
	}
	return sendPDF(c, reports.Filename("assignment", doc.ID, d.Store.Now()), buf.Bytes())
}

// SummaryPDF renders a client's session summary (the :id route parameter)
// for the period and options in the query (see parseSummaryQuery) in loc
// and sends it. It changes nothing: the same request gives the same PDF.
func (d *Docs) SummaryPDF(c *fiber.Ctx, loc *time.Location) error {
	p := httpx.Me(c)
	client, err := d.Store.ClientByID(c.UserContext(), p.ID, c.Params("id"))
	if err != nil {
		return err
	}
	today := httpx.LocalDate(d.Store.Now(), loc)
	q, err := parseSummaryQuery(c, client, today)
	if err != nil {
		return err
	}
	// The slot is taken before the submissions are loaded: it bounds
	// their memory too, not only the rendering's.
	slot, err := d.PDF.Acquire(c.UserContext())
	if err != nil {
		return err
	}
	defer slot.Release()
	doc, err := d.buildSummaryDoc(c.UserContext(), p, client, q, loc, today)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := d.AuditReadDuring(c, "client.summary_pdf", "client", client.ID, func() error {
		return slot.WriteSummary(c.UserContext(), &buf, doc)
	}); err != nil {
		return err
	}
	return sendPDF(c, reports.Filename("summary", client.ID, d.Store.Now()), buf.Bytes())
}

// sendPDF answers with a server-named attachment that is never cached.
func sendPDF(c *fiber.Ctx, filename string, pdf []byte) error {
	c.Set(fiber.HeaderContentType, "application/pdf")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(pdf)
}
