package pdfdoc

import (
	"context"
	"errors"
	"sort"
	"time"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/templates"
	"github.com/tend-health/tend/worksheets"
)

// assignmentDoc turns a store view into the PDF's view model.
func assignmentDoc(v *models.AssignmentView, notes []models.NoteView, author string, loc *time.Location, now time.Time) reports.AssignmentDoc {
	doc := reports.AssignmentDoc{Options: reports.Options{Now: now, Location: loc}, ID: v.ID, ClientName: v.ClientName,
		PractitionerName: v.PractitionerName, Title: v.Worksheet.Title, Version: v.Worksheet.Version,
		Sections: worksheets.Readable(v.Worksheet.Def, v.Answers), Status: statusWords(v.Status),
		AssignedAt: v.CreatedAt, DueOn: v.DueOn, SubmittedAt: v.SubmittedAt}
	if def := v.Worksheet.Def; def != nil {
		doc.Title, doc.Version = def.Title, def.Version
	}
	for _, s := range v.Scores {
		doc.Scores = append(doc.Scores, worksheets.ScaleScore{Scale: s.Scale, Title: s.Title, Value: s.Value, Band: s.Band,
			Meaning: s.Meaning, Min: s.Min, Max: s.Max, Note: s.Note})
	}
	for _, f := range v.Flags {
		doc.Flags = append(doc.Flags, reports.FlagView{Severity: f.Severity, Message: f.Message, Acknowledged: f.AcknowledgedAt != nil})
	}
	for _, n := range notes {
		doc.Notes = append(doc.Notes, reports.NoteView{At: n.CreatedAt, Author: author, Text: n.Text})
	}
	return doc
}

// statusWords is a status as the pages say it ("Not started"), from the
// templates' own statusLabel so the PDF and the pages agree.
func statusWords(s string) string {
	if f, ok := templates.Funcs()["statusLabel"].(func(string) string); ok {
		return f(s)
	}
	return s
}

// buildAssignmentDoc loads one of pid's assignments and its notes.
func (d *Docs) buildAssignmentDoc(ctx context.Context, p *models.Practitioner, id string, loc *time.Location) (reports.AssignmentDoc, error) {
	v, err := d.Store.AssignmentByID(ctx, p.ID, id)
	if err != nil {
		return reports.AssignmentDoc{}, err
	}
	notes, err := d.Store.Notes(ctx, p.ID, v.ClientID, v.ID)
	if err != nil {
		return reports.AssignmentDoc{}, err
	}
	return assignmentDoc(v, notes, p.Name, loc, d.Store.Now()), nil
}

// buildSummaryDoc loads what is new for one of pid's clients since a date,
// and every scored scale's history for the trend charts.
func (d *Docs) buildSummaryDoc(ctx context.Context, p *models.Practitioner, clientID string, since time.Time, loc *time.Location) (reports.SummaryDoc, error) {
	client, err := d.Store.ClientByID(ctx, p.ID, clientID)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	subs, err := d.Store.SubmittedSince(ctx, p.ID, clientID, since)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	now := d.Store.Now()
	doc := reports.SummaryDoc{Options: reports.Options{Now: now, Location: loc}, ClientName: client.DisplayName,
		PractitionerName: p.Name, Since: since}
	for _, v := range subs {
		notes, err := d.Store.Notes(ctx, p.ID, clientID, v.ID)
		if err != nil {
			return reports.SummaryDoc{}, err
		}
		doc.Assignments = append(doc.Assignments, assignmentDoc(v, notes, p.Name, loc, now))
	}
	history, err := d.Store.ScoreHistory(ctx, p.ID, clientID)
	if err != nil {
		return reports.SummaryDoc{}, err
	}
	doc.Trends, err = d.trends(ctx, p.ID, history)
	return doc, err
}

// trends groups score history into one series per worksheet scale, with the
// bands of the newest worksheet version for shading (one lookup per worksheet).
func (d *Docs) trends(ctx context.Context, pid string, history []models.Score) ([]reports.Trend, error) {
	defs := map[string]*worksheets.Definition{}
	byKey := map[string]*reports.Trend{}
	var order []string
	for _, s := range history {
		if s.Value == nil {
			continue
		}
		def, seen := defs[s.WorksheetKey]
		if !seen {
			ws, err := d.Store.LatestWorksheet(ctx, pid, s.WorksheetKey)
			switch {
			case err == nil:
				def = ws.Def
			case !errors.Is(err, models.ErrNotFound):
				return nil, err
			}
			defs[s.WorksheetKey] = def
		}
		k := s.WorksheetKey + "\x00" + s.Scale
		t, ok := byKey[k]
		if !ok {
			t = &reports.Trend{ScaleID: s.Scale, ScaleTitle: s.Title, Min: s.Min, Max: s.Max, WorksheetTitle: s.WorksheetKey}
			if def != nil {
				t.WorksheetTitle = def.Title
				for i := range def.Scales {
					if def.Scales[i].ID == s.Scale {
						t.Scale = &def.Scales[i]
					}
				}
			}
			byKey[k] = t
			order = append(order, k)
		}
		t.Points = append(t.Points, reports.TrendPoint{At: s.SubmittedAt, Value: *s.Value, Band: s.Band})
	}
	sort.Strings(order)
	out := make([]reports.Trend, 0, len(order))
	for _, k := range order {
		out = append(out, *byKey[k])
	}
	return out, nil
}
