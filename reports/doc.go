// Package reports renders Tend's printable PDFs: one assignment (a worksheet
// with its answers, scores, flags and notes) and a session summary (what is
// new since a date, score trends, each submission, a notes page).
//
// It works on typed view models only: no HTTP framework, no database rows.
// All text passes through a sanitiser before it reaches gofpdf (see clean in
// text.go), so no client input can make a render fail; the stored answers are
// never modified.
//
// To look at the fixture documents as images (needs poppler-utils):
//
//	TEND_PREVIEW_DIR=/tmp/pdfprev go test ./reports -run TestPreview
package reports

import (
	"time"

	"github.com/tend-health/tend/worksheets"
)

// Options are the rendering settings shared by both documents.
type Options struct {
	// Now is the generation time printed in the footer and written as the
	// PDF creation date; zero means time.Now().
	Now time.Time
	// Location is the time zone dates are printed in; nil means time.Local.
	Location *time.Location
	// Deterministic sorts the PDF's internal catalogs so that two renders
	// with the same input and Now are byte-identical (for tests).
	Deterministic bool
}

// AssignmentDoc is everything the assignment PDF shows.
type AssignmentDoc struct {
	Options
	ID               string
	ClientName       string
	PractitionerName string
	Definition       *worksheets.Definition
	Answers          worksheets.Answers
	Status           string
	AssignedAt       time.Time
	DueOn            *time.Time
	SubmittedAt      *time.Time
	Scores           []worksheets.ScaleScore
	Flags            []FlagView
	Notes            []NoteView
}

// FlagView is a raised flag as the practitioner sees it.
type FlagView struct {
	Severity     string // low | medium | high
	Message      string
	Acknowledged bool
}

// NoteView is one practitioner note on an assignment.
type NoteView struct {
	At     time.Time
	Author string
	Text   string
}

// SummaryDoc is everything the session summary PDF shows.
type SummaryDoc struct {
	Options
	ClientName       string
	PractitionerName string
	// Since is the start of the period the summary covers.
	Since time.Time
	// Assignments are those submitted since Since, oldest first. Their own
	// Options are ignored; the summary's apply.
	Assignments []AssignmentDoc
	// Trends holds one series per scored scale.
	Trends []Trend
}

// Trend is the score history of one scale, oldest point first. Points may
// start before Since; the last point before Since is then the baseline for
// the "score changes" line.
type Trend struct {
	WorksheetTitle string
	ScaleID        string
	ScaleTitle     string
	Min, Max       float64 // possible score range
	Bands          []worksheets.Band
	Points         []TrendPoint
}

// TrendPoint is one administration's score.
type TrendPoint struct {
	At    time.Time
	Value float64
	Band  string
}

func (o Options) now() time.Time {
	if o.Now.IsZero() {
		return time.Now().In(o.loc())
	}
	return o.Now.In(o.loc())
}

func (o Options) loc() *time.Location {
	if o.Location == nil {
		return time.Local
	}
	return o.Location
}
