package pdfdoc

import (
	"context"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/views"
)

// summaryQuery is the summary the practitioner asked for: a period of
// calendar days (midnight UTC, both included) and what to print.
type summaryQuery struct {
	From, To   time.Time
	Answers    bool // each submission in full, as an appendix
	ClientCopy bool // no notes, flags or band labels
}

// defaultDays is how far back a summary starts when no session is recorded.
const defaultDays = 30

// DefaultPeriod is the summary's period when none is asked for: from the
// last session held (else 30 days ago) until today (dates, midnight UTC).
func DefaultPeriod(client *models.ClientView, today time.Time) (from, to time.Time) {
	from = today.AddDate(0, 0, -defaultDays)
	if client.LastSessionOn != nil {
		from = httpx.LocalDate(*client.LastSessionOn, time.UTC)
	}
	return from, today
}

// parseSummaryQuery reads ?from=&to=YYYY-MM-DD&answers=1&copy=client; the
// period defaults to DefaultPeriod.
func parseSummaryQuery(c *fiber.Ctx, client *models.ClientView, today time.Time) (summaryQuery, error) {
	var q summaryQuery
	q.From, q.To = DefaultPeriod(client, today)
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"from", &q.From}, {"to", &q.To}} {
		d, problem := httpx.ParseDate(c.Query(f.name), httpx.PastBounds(today))
		if problem != "" {
			return q, httpx.FieldError(f.name, problem)
		}
		if d != nil {
			*f.dst = *d
		}
	}
	if q.To.Before(q.From) {
		return q, httpx.FieldError("to", "must be on or after the start of the period ("+q.From.Format("2006-01-02")+")")
	}
	switch c.Query("answers") {
	case "", "0":
	case "1":
		q.Answers = true
	default:
		return q, httpx.FieldError("answers", "must be 1 (include answers) or 0")
	}
	switch c.Query("copy") {
	case "":
	case "client":
		q.ClientCopy = true
	default:
		return q, httpx.FieldError("copy", `must be "client" or left out`)
	}
	return q, nil
}

// startOf is the first instant of a calendar day (midnight UTC) in loc.
func startOf(day time.Time, loc *time.Location) time.Time {
	return time.Date(day.Year(), day.Month(), day.Day(), 0, 0, 0, 0, loc)
}

// buildSummaryDoc loads one of p's clients' summary for q: what was
// submitted in the period, open flags from before it, the work still open
// and every scored scale's history up to the period's end.
func (d *Docs) buildSummaryDoc(ctx context.Context, p *models.Practitioner, client *models.ClientView, q summaryQuery, loc *time.Location, today time.Time) (reports.SummaryDoc, error) {
	start, end := startOf(q.From, loc), startOf(q.To.AddDate(0, 0, 1), loc)
	subs, earlier, err := d.Store.SummarySubmissions(ctx, p, &client.Client, start, end, !q.ClientCopy)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	now := d.Store.Now()
	doc := reports.SummaryDoc{Options: reports.Options{Now: now, Location: loc}, ClientName: client.DisplayName,
		PractitionerName: p.Name, From: q.From, To: q.To, Answers: q.Answers, ClientCopy: q.ClientCopy}
	notes := map[string][]models.NoteView{}
	if !q.ClientCopy {
		ids := make([]string, len(subs))
		for i, v := range subs {
			ids[i] = v.ID
		}
		if notes, err = d.Store.NotesOn(ctx, p.ID, client.ID, ids); err != nil {
			return reports.SummaryDoc{}, err
		}
	}
	for _, v := range subs {
		doc.Assignments = append(doc.Assignments, assignmentDoc(v, notes[v.ID], p.Name, loc, now))
	}
	for _, v := range earlier {
		doc.Earlier = append(doc.Earlier, assignmentDoc(v, nil, p.Name, loc, now))
	}
	open, err := d.Store.OpenWork(ctx, p.ID, client.ID)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	for _, a := range open {
		doc.Open = append(doc.Open, reports.OpenWork{Title: a.WorksheetTitle, Status: models.StatusLabel(a.Status),
			DueOn: a.DueOn, Overdue: a.DueOn != nil && a.DueOn.Before(today)})
	}
	trends, err := d.Store.ScoreTrends(ctx, p.ID, client.ID)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	for _, t := range reportTrends(trends) {
		for len(t.Points) > 0 && !t.Points[len(t.Points)-1].At.Before(end) {
			t.Points = t.Points[:len(t.Points)-1]
		}
		if len(t.Points) > 0 {
			doc.Trends = append(doc.Trends, t)
		}
	}
	asked, err := d.Store.AskedHelpHistoryKnowing(ctx, p.ID, client.ID, subs)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	var upToEnd []views.HelpAnswer
	for _, a := range asked {
		if a.At.Before(end) {
			upToEnd = append(upToEnd, views.HelpAnswer{At: a.At, Asked: a.Asked})
		}
	}
	doc.HelpTally = views.NewHelpTally(upToEnd, loc)
	if q.ClientCopy {
		clientCopy(&doc)
	}
	return doc, nil
}

// clientCopy leaves out what is the practitioner's alone: flags (their
// messages are written to the practitioner) and band labels and meanings.
// Notes are never loaded for it.
func clientCopy(doc *reports.SummaryDoc) {
	for i := range doc.Assignments {
		a := &doc.Assignments[i]
		a.Flags, a.Notes = nil, nil
		for j := range a.Scores {
			a.Scores[j].Band, a.Scores[j].Meaning = "", ""
		}
	}
	for i := range doc.Trends {
		doc.Trends[i].Scale = nil
		for j := range doc.Trends[i].Points {
			doc.Trends[i].Points[j].Band = ""
		}
	}
}
