package reports

import (
	"strconv"
	"strings"
	"time"
)

// summary draws the brief (flags, submissions, still open, score changes,
// trends), then each submission in full when asked, then a ruled notes
// page (not in the client's copy).
func (w *writer) summary(doc SummaryDoc) {
	running := cleanLine(doc.ClientName) + "  ·  Session summary  ·  " + period(doc.From, doc.To)
	w.running = running
	eyebrow := "SESSION SUMMARY"
	if doc.ClientCopy {
		eyebrow, w.footNote = "SESSION SUMMARY  ·  YOUR COPY", "Client's copy"
	}
	w.newPage(false)
	w.docHeader(eyebrow, period(doc.From, doc.To), "", []meta{
		{"Client", doc.ClientName}, {"Practitioner", doc.PractitionerName},
		{"Submissions", strconv.Itoa(len(doc.Assignments))},
	})

	var flags []flagLine
	for _, a := range doc.Earlier {
		for _, f := range a.Flags {
			if !f.Acknowledged && f.WithdrawnAt == nil {
				flags = append(flags, flagLine{FlagView: f, Context: submissionLabel(a, w.loc) + " (before this period)"})
			}
		}
	}
	for _, a := range doc.Assignments {
		for _, f := range a.Flags {
			flags = append(flags, flagLine{FlagView: f, Context: submissionLabel(a, w.loc)})
		}
	}
	if len(flags) > 0 && !doc.ClientCopy { // flags are written to the practitioner
		w.flags(flags)
	}

	w.heading("Submitted in this period", 12)
	if len(doc.Assignments) == 0 {
		w.text(0, contentW, "Nothing submitted in this period.", "", sizePrompt, cMuted, false)
		w.gap(4)
	}
	for _, a := range doc.Assignments {
		w.submissionLine(a)
	}
	w.gap(4)

	if len(doc.Open) > 0 {
		w.heading("Still open, by due date", 12)
		for _, o := range doc.Open {
			due, detail := "—", o.Status
			if o.DueOn != nil {
				due = shortDate(*o.DueOn)
			}
			if o.Overdue {
				detail += "  ·  overdue"
			}
			w.datedLine(due, o.Title, detail)
		}
		w.gap(4)
	}

	var changes []string
	start := time.Date(doc.From.Year(), doc.From.Month(), doc.From.Day(), 0, 0, 0, 0, w.loc)
	for _, t := range doc.Trends {
		if c := scoreChange(t, start); c != "" {
			changes = append(changes, c)
		}
	}
	if len(changes) > 0 {
		w.heading("Score changes", 12)
		w.bullets(changes, false)
		w.gap(5)
	}

	if len(doc.Trends) > 0 || doc.HelpTally != nil {
		const chartH, gapX, gapY = 48.0, 8.0, 6.0
		chartW := (contentW - gapX) / 2
		w.heading("Trends", chartH)
		n := len(doc.Trends)
		if doc.HelpTally != nil {
			n++
		}
		for i := range n {
			if i%2 == 0 {
				w.ensure(chartH)
			}
			y := w.y()
			if i < len(doc.Trends) {
				w.trendChart(doc.Trends[i], float64(i%2)*(chartW+gapX), y, chartW, chartH)
			} else {
				w.helpTally(doc.HelpTally, float64(i%2)*(chartW+gapX), y, chartW, chartH)
			}
			if i%2 == 1 || i == n-1 {
				w.setY(y + chartH + gapY)
			} else {
				w.setY(y)
			}
		}
	}

	if doc.Answers {
		for i, a := range doc.Assignments {
			if i == AppendixMax {
				w.running = running
				w.newPage(true)
				w.text(0, contentW, appendixLeftOut(len(doc.Assignments)-AppendixMax), "", sizePrompt, cMuted, false)
				break
			}
			a.Options = doc.Options
			w.assignment(a)
		}
	}
	w.running = running
	if !doc.ClientCopy {
		w.notesPage(doc)
	}
}

// AppendixMax is how many submissions a summary's answers appendix prints
// in full; a line says how many more were left out (each prints from its
// own assignment).
const AppendixMax = 20

func appendixLeftOut(n int) string {
	what := strconv.Itoa(n) + " more submissions"
	if n == 1 {
		what = "1 more submission"
	}
	return "The answers of " + what + " in this period are left out to keep this document a readable size. " +
		"Print each from its assignment's page."
}

// period is "24 Nov – 28 Nov 2026", "30 Dec 2026 – 3 Jan 2027" or, for one
// day, "28 Nov 2026".
func period(from, to time.Time) string {
	switch {
	case from.Equal(to):
		return shortDate(to)
	case from.Year() == to.Year():
		return from.Format("2 Jan") + " – " + shortDate(to)
	}
	return shortDate(from) + " – " + shortDate(to)
}

func submissionLabel(a AssignmentDoc, loc *time.Location) string {
	title := a.title()
	if a.SubmittedAt != nil {
		return title + ", " + shortDate(a.SubmittedAt.In(loc))
	}
	return title
}

// submissionLine: date, worksheet title, and its scores in brief.
func (w *writer) submissionLine(a AssignmentDoc) {
	date := "—"
	if a.SubmittedAt != nil {
		date = shortDate(a.SubmittedAt.In(w.loc))
	}
	title := a.title()
	if a.Version > 0 {
		title += " (v" + strconv.Itoa(a.Version) + ")"
	}
	var parts []string
	for _, s := range a.Scores {
		if s.Value == nil {
			continue
		}
		p := s.Title + " " + scoreValue(s)
		if s.Band != "" {
			p += " (" + s.Band + ")"
		}
		parts = append(parts, p)
	}
	n := 0
	for _, f := range a.Flags {
		if f.WithdrawnAt == nil {
			n++
		}
	}
	if n > 0 {
		parts = append(parts, strconv.Itoa(n)+" flag"+plural(n))
	}
	w.datedLine(date, title, strings.Join(parts, "  ·  "))
}

// datedLine is a date (or due date) column, a bold title and a muted detail.
func (w *writer) datedLine(date, title, detail string) {
	const dateW = 28.0
	h := w.height(title, contentW-dateW, "B", sizeBody)
	if detail != "" {
		h += w.height(detail, contentW-dateW, "", sizeSmall) + 0.5
	}
	w.ensure(h + 2)
	y := w.y()
	w.text(0, dateW, date, "", sizeBody, cMuted, false)
	w.setY(y)
	w.text(dateW, contentW-dateW, title, "B", sizeBody, cText, false)
	if detail != "" {
		w.gap(0.5)
		w.text(dateW, contentW-dateW, detail, "", sizeSmall, cMuted, false)
	}
	w.setY(y + h + 2.5)
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}

// scoreChange is "Not asking for help: 11 → 7, high → moderate". The
// baseline is the last score before since (the start of the period: what
// the practitioner saw last time), else the first score in the series.
func scoreChange(t Trend, since time.Time) string {
	if len(t.Points) == 0 {
		return ""
	}
	last := t.Points[len(t.Points)-1]
	if !since.IsZero() && last.At.Before(since) {
		return t.ScaleTitle + ": no new score (still " + score(last.Value) + bandSuffix(last.Band) + ")"
	}
	base := t.Points[0]
	for _, p := range t.Points[:len(t.Points)-1] {
		if !since.IsZero() && p.At.Before(since) {
			base = p
		}
	}
	if len(t.Points) == 1 {
		return t.ScaleTitle + ": " + score(last.Value) + bandSuffix(last.Band) + ", first score"
	}
	s := t.ScaleTitle + ": " + score(base.Value) + " → " + score(last.Value)
	switch {
	case base.Band == "" || last.Band == "":
	case base.Band == last.Band:
		s += ", still " + last.Band
	default:
		s += ", " + base.Band + " → " + last.Band
	}
	return s
}

func bandSuffix(b string) string {
	if b == "" {
		return ""
	}
	return " " + b
}

// notesPage is a ruled page for handwriting during the session.
func (w *writer) notesPage(doc SummaryDoc) {
	w.newPage(false)
	w.text(0, contentW, "Notes for this session", "B", sizeTitle, cText, false)
	w.gap(1)
	w.text(0, contentW, joinDot(cleanLine(doc.ClientName), longDate(w.now)), "", sizeSmall, cMuted, false)
	w.gap(8)
	w.draw(cRule)
	w.pdf.SetLineWidth(0.25)
	for y := w.y() + 8; y <= bottomEdge; y += 9 {
		w.pdf.Line(marginX, y, pageW-marginX, y)
	}
}

// longDate is "27 November 2026".
func longDate(t time.Time) string { return t.Format("2 January 2006") }
