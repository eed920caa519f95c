package pdfdoc

import (
	"archive/zip"
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
)

// exportTimeout bounds one export's stream, which outlives the handler.
const exportTimeout = 15 * time.Minute

// ClientExport streams a ZIP of everything about one client (the :id
// route parameter): client.json (the client, notes, schedules and courses
// with their releases, and each assignment with answers, scores and
// flags), questionnaire-responses.json (a FHIR
// Bundle of QuestionnaireResponses), scores.csv and every assignment's
// PDF. Entries are written one assignment at a time straight into the
// response, so memory stays bounded whatever the number of assignments;
// each PDF takes a render slot like any other.
func (d *Docs) ClientExport(c *fiber.Ctx, loc *time.Location) error {
	me := *httpx.Me(c)
	client, err := d.Store.ClientByID(c.UserContext(), me.ID, c.Params("id"))
	if err != nil {
		return err
	}
	ids, err := d.assignmentIDs(c.UserContext(), me.ID, client.ID)
	if err != nil {
		return err
	}
	d.AuditRead(c, "client.export", "client", client.ID)
	now := d.Store.Now()
	c.Set(fiber.HeaderContentType, "application/zip")
	c.Set(fiber.HeaderContentDisposition, `attachment; filename="`+exportName(client.ID, now)+`"`)
	c.Set(fiber.HeaderCacheControl, "no-store")
	rid := httpx.RequestIDOf(c)
	c.Context().SetBodyStreamWriter(func(w *bufio.Writer) {
		ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
		defer cancel()
		if err := d.WriteExport(ctx, w, &me, client, ids, loc); err != nil {
			// The status is sent: the ZIP ends short and will not open.
			d.Log.Error("client export failed", slog.String("rid", rid), slog.String("error", err.Error()))
		}
	})
	return nil
}

// exportName is the ZIP's file name: no client name, only a short id.
func exportName(clientID string, at time.Time) string {
	name := reports.Filename("export", clientID, at)
	return name[:len(name)-len(".pdf")] + ".zip"
}

// assignmentIDs lists every assignment of the client, newest first.
func (d *Docs) assignmentIDs(ctx context.Context, pid, clientID string) ([]string, error) {
	var ids []string
	page := models.Page{Limit: 100}
	for {
		rows, next, err := d.Store.ListAssignments(ctx, pid, models.AssignmentFilter{ClientID: clientID}, page)
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			ids = append(ids, r.ID)
		}
		if next == "" {
			return ids, nil
		}
		page.Cursor = next
	}
}

// WriteExport writes the export ZIP of client (with assignments ids) to w.
func (d *Docs) WriteExport(ctx context.Context, w io.Writer, p *models.Practitioner, client *models.ClientView, ids []string, loc *time.Location) error {
	zw := zip.NewWriter(w)
	steps := []struct {
		name  string
		write func(io.Writer) error
	}{
		{"client.json", func(w io.Writer) error { return d.writeClientJSON(ctx, w, p, client, ids) }},
		{"questionnaire-responses.json", func(w io.Writer) error { return d.writeBundle(ctx, w, p.ID, ids) }},
		{"scores.csv", func(w io.Writer) error { return d.writeScoresCSV(ctx, w, p.ID, client.ID) }},
	}
	for _, s := range steps {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: s.name, Method: zip.Deflate, Modified: d.Store.Now()})
		if err != nil {
			return err
		}
		if err := s.write(f); err != nil {
			return fmt.Errorf("export: %s: %w", s.name, err)
		}
	}
	for _, id := range ids {
		if err := d.writeAssignmentPDF(ctx, zw, p, id, loc); err != nil {
			return fmt.Errorf("export: pdf %s: %w", id, err)
		}
	}
	return zw.Close()
}

// writeAssignmentPDF renders one assignment into its own ZIP entry,
// holding a render slot while it does.
func (d *Docs) writeAssignmentPDF(ctx context.Context, zw *zip.Writer, p *models.Practitioner, id string, loc *time.Location) error {
	// The export has already begun: when every slot is busy it waits its
	// turn again rather than end the ZIP short.
	slot, err := d.PDF.Acquire(ctx)
	for errors.Is(err, reports.ErrBusy) && ctx.Err() == nil {
		time.Sleep(100 * time.Millisecond)
		slot, err = d.PDF.Acquire(ctx)
	}
	if err != nil {
		return err
	}
	defer slot.Release()
	doc, err := d.buildAssignmentDoc(ctx, p, id, loc)
	if err != nil {
		return err
	}
	// The full id: ids made in the same moment share their first characters.
	name := "pdf/assignment-" + doc.AssignedAt.Format("2006-01-02") + "-" + doc.ID + ".pdf"
	f, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Store, Modified: d.Store.Now()})
	if err != nil {
		return err
	}
	return slot.WriteAssignment(ctx, f, doc)
}
