package pdfdoc

import (
	"context"
	"time"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// assignmentDoc turns a store view into the PDF's view model.
func assignmentDoc(v *models.AssignmentView, notes []models.NoteView, author string, loc *time.Location, now time.Time) reports.AssignmentDoc {
	doc := reports.AssignmentDoc{Options: reports.Options{Now: now, Location: loc}, ID: v.ID, ClientName: v.ClientName,
		PractitionerName: v.PractitionerName, Title: v.Worksheet.Title, Version: v.Worksheet.Version,
		Sections: worksheets.Readable(v.Worksheet.Def, v.Answers), Status: models.StatusLabel(v.Status),
		AssignedAt: v.CreatedAt, DueOn: v.DueOn, SubmittedAt: v.SubmittedAt}
	if def := v.Worksheet.Def; def != nil {
		doc.Title, doc.Version = def.Title, def.Version
		if v.Answers != nil {
			doc.SupportMap, doc.Timeline = views.NewSupportMap(def, v.Answers), views.NewTimeline(def, v.Answers)
		}
	}
	for _, s := range v.Scores {
		doc.Scores = append(doc.Scores, worksheets.ScaleScore{Scale: s.Scale, Title: s.Title, Value: s.Value, Band: s.Band,
			Meaning: s.Meaning, Min: s.Min, Max: s.Max, Note: s.Note, Prorated: s.Prorated})
	}
	for _, f := range v.Flags {
		doc.Flags = append(doc.Flags, reports.FlagView{Severity: f.Severity, Message: f.Message, Acknowledged: f.AcknowledgedAt != nil,
			AcknowledgedAt: f.AcknowledgedAt, AcknowledgedBy: f.AckByName, Note: f.AckNote, WithdrawnAt: f.WithdrawnAt})
	}
	for _, n := range notes {
		doc.Notes = append(doc.Notes, reports.NoteView{At: n.CreatedAt, Author: author, Text: n.Text})
	}
	return doc
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

// reportTrends is one series per scored scale, with the bands of the
// newest worksheet version for shading.
func reportTrends(trends []models.ScoreTrend) []reports.Trend {
	var out []reports.Trend
	for _, t := range trends {
		for i, sc := range t.Scales {
			rt := reports.Trend{WorksheetTitle: t.WorksheetTitle, ScaleID: sc.ID, ScaleTitle: sc.Title, Min: sc.Min, Max: sc.Max, Scale: sc.Def}
			for _, s := range t.Points(i) {
				if s.Value != nil {
					rt.Points = append(rt.Points, reports.TrendPoint{At: s.SubmittedAt, Value: *s.Value, Band: s.Band})
				}
			}
			if len(rt.Points) > 0 {
				out = append(out, rt)
			}
		}
	}
	return out
}
