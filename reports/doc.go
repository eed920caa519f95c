// Package reports renders Tend's printable PDFs: one assignment (a worksheet
// with its answers, scores, flags and notes) and a session summary (a brief
// of one period: flags, submissions, work still open, score changes and
// trends; each submission in full when asked; a notes page).
//
// What reports owns is the page: layout, type, tables, trend charts, page
// breaks, the typefaces (package fonts: DejaVu Sans cut to the scripts it
// promises), the text sanitiser (clean in text.go, so no client input can
// make a render fail), render slots (Renderer) and download names
// (Filename). It does not own the words of answers: those come already
// written as worksheets.ReadableSection (worksheets.Readable), the one
// wording the review page and the client's copy share, and band geometry
// comes from worksheets.Scale.BandRanges. Status arrives in words too.
//
// It works on typed view models only and never imports fiber, gorm, models
// or handlers (import_test.go checks): the caller builds the docs.
//
// To look at the fixture documents as images (needs poppler-utils):
//
//	TEND_PREVIEW_DIR=/tmp/pdfprev go test ./reports -run TestPreview
package reports

import (
	"time"

	"github.com/tend-health/tend/views"
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
	Title            string // the worksheet's title; "" prints "Worksheet"
	Version          int    // the worksheet's version; 0 prints none
	// Sections are the answers in words, from worksheets.Readable; the PDF
	// prints them as they are.
	Sections []worksheets.ReadableSection
	// Status is the assignment's status in words ("Not started"), printed
	// as given.
	Status      string
	AssignedAt  time.Time
	DueOn       *time.Time
	SubmittedAt *time.Time
	Scores      []worksheets.ScaleScore
	Flags       []FlagView
	Notes       []NoteView
	// Drawings of the answers (views.NewSupportMap, views.NewTimeline),
	// printed before them; nil for worksheets of other shapes.
	SupportMap *views.SupportMap
	Timeline   *views.Timeline
}

// FlagView is a raised flag as the practitioner sees it. An acknowledged
// one may carry the action note, who wrote it and when; a withdrawn one was
// changed back by the client before sending.
type FlagView struct {
	Severity       string // low | medium | high
	Message        string
	Acknowledged   bool
	AcknowledgedAt *time.Time
	AcknowledgedBy string
	Note           string
	WithdrawnAt    *time.Time
}

// NoteView is one practitioner note on an assignment.
type NoteView struct {
	At     time.Time
	Author string
	Text   string
}

// SummaryDoc is everything the session summary PDF shows: the brief
// (flags, what was submitted, what is still open, score changes, trends),
// the submissions in full when asked, and a notes page.
type SummaryDoc struct {
	Options
	ClientName       string
	PractitionerName string
	// From and To are the first and last calendar day the summary covers
	// (dates as stored, midnight UTC), printed as given.
	From, To time.Time
	// Assignments are those submitted in the period, oldest first. Their
	// own Options are ignored; the summary's apply.
	Assignments []AssignmentDoc
	// Earlier are submissions from before the period with a flag nobody has
	// acknowledged yet; only those open flags are drawn.
	Earlier []AssignmentDoc
	// Open is the work the client has still to do.
	Open []OpenWork
	// Trends holds one series per scored scale.
	Trends []Trend
	// HelpTally is "Did you ask anyone for help?" by week, drawn beside
	// the trends; nil when the client never answered it.
	HelpTally *views.HelpTally
	// Answers adds each submission of the period in full as an appendix.
	Answers bool
	// ClientCopy is the copy handed to the client: it says so in every
	// footer and has no notes page. The caller leaves out notes, flags and
	// band labels.
	ClientCopy bool
}

// OpenWork is one assignment the client has not submitted yet: no
// answers, only what it is and when it is due.
type OpenWork struct {
	Title   string
	Status  string     // in words ("Not started"), printed as given
	DueOn   *time.Time // a date (midnight UTC); nil for none
	Overdue bool
}

// Trend is the score history of one scale, oldest point first. Points may
// start before the period; the last point before it is then the baseline
// for the "score changes" line.
type Trend struct {
	WorksheetTitle string
	ScaleID        string
	ScaleTitle     string
	Min, Max       float64 // possible score range
	// Scale is the scale as defined, for its bands (shading and labels via
	// BandRanges); nil draws the chart without bands.
	Scale  *worksheets.Scale
	Points []TrendPoint
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
