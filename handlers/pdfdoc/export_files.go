package pdfdoc

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"time"

	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type exportClient struct {
	ID          string     `json:"id"`
	DisplayName string     `json:"display_name"`
	Email       string     `json:"email,omitempty"`
	Notes       string     `json:"background_notes,omitempty"`
	CreatedAt   time.Time  `json:"created_at"`
	ArchivedAt  *time.Time `json:"archived_at,omitempty"`
}

type exportNote struct {
	AssignmentID string    `json:"assignment_id,omitempty"`
	Text         string    `json:"text"`
	CreatedAt    time.Time `json:"created_at"`
}

type exportFlag struct {
	Rule           string     `json:"rule"`
	Severity       string     `json:"severity"`
	Message        string     `json:"message"`
	RaisedAt       time.Time  `json:"raised_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at,omitempty"`
	AcknowledgedAt *time.Time `json:"acknowledged_at,omitempty"`
	Note           string     `json:"acknowledge_note,omitempty"`
}

type exportScore struct {
	Scale    string   `json:"scale"`
	Title    string   `json:"title"`
	Value    *float64 `json:"value"`
	Band     string   `json:"band,omitempty"`
	Note     string   `json:"note,omitempty"`
	Prorated bool     `json:"prorated,omitempty"`
}

type exportAssignment struct {
	ID           string                       `json:"id"`
	Worksheet    string                       `json:"worksheet_key"`
	Version      int                          `json:"worksheet_version"`
	Title        string                       `json:"worksheet_title"`
	Status       string                       `json:"status"`
	Instructions string                       `json:"instructions,omitempty"`
	DueOn        *time.Time                   `json:"due_on,omitempty"`
	CreatedAt    time.Time                    `json:"created_at"`
	SubmittedAt  *time.Time                   `json:"submitted_at,omitempty"`
	ReviewedAt   *time.Time                   `json:"reviewed_at,omitempty"`
	Answers      worksheets.Answers           `json:"answers"`
	Readable     []worksheets.ReadableSection `json:"answers_in_words"`
	Scores       []exportScore                `json:"scores"`
	Flags        []exportFlag                 `json:"flags"`
}

// writeClientJSON streams {"client", "notes", "schedules", "courses",
// "assignments": […]}, one assignment loaded at a time.
func (d *Docs) writeClientJSON(ctx context.Context, w io.Writer, p *models.Practitioner, client *models.ClientView, ids []string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	notes, err := d.Store.Notes(ctx, p.ID, client.ID, "")
	if err != nil {
		return err
	}
	en := make([]exportNote, 0, len(notes))
	for _, n := range notes {
		en = append(en, exportNote{n.AssignmentID, n.Text, n.CreatedAt})
	}
	schedules, courses, err := d.clientPlans(ctx, p.ID, client.ID)
	if err != nil {
		return err
	}
	io.WriteString(w, `{"exported_at":`)
	enc.Encode(d.Store.Now())
	io.WriteString(w, `,"client":`)
	enc.Encode(exportClient{client.ID, client.DisplayName, client.Email, client.Notes, client.CreatedAt, client.ArchivedAt})
	io.WriteString(w, `,"notes":`)
	enc.Encode(en)
	io.WriteString(w, `,"schedules":`)
	enc.Encode(schedules)
	io.WriteString(w, `,"courses":`)
	enc.Encode(courses)
	io.WriteString(w, `,"assignments":[`)
	for i, id := range ids {
		v, err := d.Store.AssignmentByID(ctx, p.ID, id)
		if err != nil {
			return err
		}
		a := exportAssignment{ID: v.ID, Worksheet: v.Worksheet.Key, Version: v.Worksheet.Version, Title: v.Worksheet.Title,
			Status: v.Status, Instructions: v.Instructions, DueOn: v.DueOn, CreatedAt: v.CreatedAt, SubmittedAt: v.SubmittedAt,
			ReviewedAt: v.ReviewedAt, Answers: v.Answers, Readable: worksheets.Readable(v.Worksheet.Def, v.Answers),
			Scores: []exportScore{}, Flags: []exportFlag{}}
		if a.Answers == nil {
			a.Answers = worksheets.Answers{}
		}
		for _, s := range v.Scores {
			a.Scores = append(a.Scores, exportScore{s.Scale, s.Title, s.Value, s.Band, s.Note, s.Prorated})
		}
		for _, f := range v.Flags {
			a.Flags = append(a.Flags, exportFlag{f.Rule, f.Severity, f.Message, f.CreatedAt, f.WithdrawnAt, f.AcknowledgedAt, f.AckNote})
		}
		if i > 0 {
			io.WriteString(w, ",")
		}
		if err := enc.Encode(a); err != nil {
			return err
		}
	}
	_, err = io.WriteString(w, "]}\n")
	return err
}

// writeBundle streams a FHIR Bundle (collection) of every assignment's
// QuestionnaireResponse.
func (d *Docs) writeBundle(ctx context.Context, w io.Writer, pid string, ids []string) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	io.WriteString(w, `{"resourceType":"Bundle","type":"collection","timestamp":`)
	enc.Encode(d.Store.Now().UTC().Format(time.RFC3339))
	io.WriteString(w, `,"entry":[`)
	for i, id := range ids {
		v, err := d.Store.AssignmentByID(ctx, pid, id)
		if err != nil {
			return err
		}
		qr := fhir.ToResponse(v.Worksheet.Def, v.Answers, ResponseInfo(v, d.Config.BaseURL))
		if i > 0 {
			io.WriteString(w, ",")
		}
		if err := enc.Encode(fhir.BundleEntry{FullURL: "urn:uuid:" + v.ID, Resource: qr}); err != nil {
			return err
		}
	}
	_, err := io.WriteString(w, "]}\n")
	return err
}

// ResponseInfo is what a QuestionnaireResponse says about an assignment
// beyond its answers.
func ResponseInfo(v *models.AssignmentView, base string) fhir.ResponseInfo {
	info := fhir.ResponseInfo{ID: v.ID, Base: base}
	switch {
	case v.SubmittedAt != nil:
		info.Submitted, info.Authored = true, *v.SubmittedAt
	case v.SavedAt != nil:
		info.Authored = *v.SavedAt
	}
	return info
}

// writeScoresCSV writes one row per score (RFC 4180). Text that a
// spreadsheet would run as a formula is neutralised (see CSVCell).
func (d *Docs) writeScoresCSV(ctx context.Context, w io.Writer, pid, clientID string) error {
	scores, err := d.Store.ScoreHistory(ctx, pid, clientID)
	if err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.Write([]string{"assignment_id", "worksheet_key", "submitted_at", "scale", "title", "score", "lowest", "highest", "band", "prorated", "note"})
	for _, s := range scores {
		value := ""
		if s.Value != nil {
			value = worksheets.FormatNumber(*s.Value)
		}
		prorated := ""
		if s.Prorated {
			prorated = worksheets.ProratedWord
		}
		cw.Write([]string{s.AssignmentID, CSVCell(s.WorksheetKey), s.SubmittedAt.UTC().Format(time.RFC3339), CSVCell(s.Scale),
			CSVCell(s.Title), value, worksheets.FormatNumber(s.Min), worksheets.FormatNumber(s.Max), CSVCell(s.Band), prorated, CSVCell(s.Note)})
	}
	cw.Flush()
	return cw.Error()
}

// CSVCell neutralises text a spreadsheet would read as a formula: a cell
// that begins with =, +, -, @, a tab or a carriage return gets a leading
// apostrophe. Numbers Tend writes itself are not passed through it.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
