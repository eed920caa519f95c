package reports

import (
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

type meta struct{ label, value string }

// metaGrid lays out label/value pairs in three columns; values wrap.
func (w *writer) metaGrid(items []meta) {
	const cols = 3
	colW := contentW / cols
	for i := 0; i < len(items); i += cols {
		row := append([]meta(nil), items[i:min(i+cols, len(items))]...)
		h := 0.0
		for k := range row {
			if strings.TrimSpace(row[k].value) == "" {
				row[k].value = "—"
			}
			h = max(h, w.height(row[k].value, colW-4, "", sizeBody))
		}
		h += lineH(sizeTiny) + 0.6
		w.ensure(h)
		y := w.y()
		for j, m := range row {
			x := float64(j) * colW
			w.setY(y)
			w.text(x, colW-4, m.label, "", sizeTiny, cMuted, false)
			w.gap(0.6)
			w.text(x, colW-4, m.value, "", sizeBody, cText, false)
		}
		w.setY(y + h + 3)
	}
}

// docHeader is the top of an assignment or summary: eyebrow, title, byline.
func (w *writer) docHeader(eyebrow, title, byline string, items []meta) {
	w.text(0, contentW, eyebrow, "B", sizeSmall, cAccent, false)
	w.gap(1.5)
	w.text(0, contentW, title, "B", sizeTitle, cText, false)
	if byline != "" {
		w.gap(0.5)
		w.text(0, contentW, byline, "", sizeSmall, cMuted, false)
	}
	w.gap(5)
	w.metaGrid(items)
	w.draw(cRule)
	w.pdf.SetLineWidth(0.3)
	w.pdf.Line(marginX, w.y(), pageW-marginX, w.y())
	w.gap(6)
}

// assignment draws one worksheet with its answers, starting on a new page.
func (w *writer) assignment(doc AssignmentDoc) {
	title, byline := doc.title(), ""
	if doc.Version > 0 {
		byline = "Version " + strconv.Itoa(doc.Version)
	}
	w.running = cleanLine(doc.ClientName) + "  ·  " + cleanLine(title)
	w.newPage(false)
	loc := w.loc
	due, submitted := "—", "Not yet submitted"
	if doc.DueOn != nil {
		due = shortDate(doc.DueOn.In(loc))
	}
	if doc.SubmittedAt != nil {
		submitted = dateTime(doc.SubmittedAt.In(loc))
	}
	assigned := "—"
	if !doc.AssignedAt.IsZero() {
		assigned = shortDate(doc.AssignedAt.In(loc))
	}
	w.docHeader("WORKSHEET RESPONSES", title, byline, []meta{
		{"Client", doc.ClientName}, {"Practitioner", doc.PractitionerName}, {"Status", doc.Status},
		{"Assigned", assigned}, {"Due", due}, {"Submitted", submitted},
	})
	if len(doc.Flags) > 0 {
		lines := make([]flagLine, 0, len(doc.Flags))
		for _, f := range doc.Flags {
			lines = append(lines, flagLine{FlagView: f})
		}
		w.flags(lines)
	}
	w.scores(doc.Scores)
	if doc.SupportMap != nil {
		w.supportMap(doc.SupportMap)
	}
	if doc.Timeline != nil {
		w.timeline(doc.Timeline)
	}
	w.answers(doc.Sections)
	w.notes(doc.Notes)
}

// title is the worksheet's title, "Worksheet" when unknown.
func (doc AssignmentDoc) title() string {
	if doc.Title == "" {
		return "Worksheet"
	}
	return doc.Title
}

// flagLine is a flag plus, in the summary, which submission raised it.
type flagLine struct {
	FlagView
	Context string
}

func severityRank(s string) int {
	switch s {
	case "high":
		return 0
	case "medium":
		return 1
	}
	return 2
}

// flags draws each flag as a tinted band, most severe first.
func (w *writer) flags(list []flagLine) {
	sorted := append([]flagLine(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return severityRank(sorted[i].Severity) < severityRank(sorted[j].Severity)
	})
	w.heading("Flags", 14)
	const labelW, pad = 22.0, 2.4
	msgW := contentW - labelW - 8
	for _, f := range sorted {
		bar, tint, label := cMuted, cLowTint, "Low"
		switch f.Severity {
		case "high":
			bar, tint, label = cHigh, cHighTint, "High"
		case "medium":
			bar, tint, label = cMedium, cMediumTint, "Medium"
		}
		sub := f.Context
		if f.WithdrawnAt != nil {
			sub = joinDot(sub, "withdrawn "+dateTime(f.WithdrawnAt.In(w.loc))+" (changed before sending)")
		}
		if f.Acknowledged {
			ack := "acknowledged"
			if f.AcknowledgedAt != nil {
				ack += " " + dateTime(f.AcknowledgedAt.In(w.loc))
			}
			if f.AcknowledgedBy != "" {
				ack += " by " + f.AcknowledgedBy
			}
			if f.Note != "" {
				ack += ": " + f.Note
			}
			sub = joinDot(sub, ack)
		}
		h := w.height(f.Message, msgW, "", sizeBody)
		if sub != "" {
			h += w.height(sub, msgW, "", sizeSmall) + 0.5
		}
		h += 2 * pad
		if h > bottomEdge-marginTop {
			// A message longer than a page is still printed in full.
			w.text(labelW+4, msgW, label+": "+f.Message, "", sizeBody, cText, false)
			continue
		}
		w.ensure(h)
		y := w.y()
		w.fill(tint)
		w.pdf.Rect(marginX, y, contentW, h, "F")
		w.fill(bar)
		w.pdf.Rect(marginX, y, 1.4, h, "F")
		w.setY(y + pad + (lineH(sizeBody)-lineH(sizeSmall+0.5))/2) // share the message's baseline
		w.text(4, labelW, label, "B", sizeSmall+0.5, bar, false)
		w.setY(y + pad)
		w.text(labelW+4, msgW, f.Message, boldIf(f.Severity == "high"), sizeBody, cText, false)
		if sub != "" {
			w.gap(0.5)
			w.text(labelW+4, msgW, sub, "", sizeSmall, cMuted, false)
		}
		w.setY(y + h + 1.5)
	}
	w.gap(5)
}

func boldIf(b bool) string {
	if b {
		return "B"
	}
	return ""
}

func joinDot(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "  ·  " + b
}

// score formats a score for display (means keep two decimals at most).
func score(f float64) string { return worksheets.FormatNumber(math.Round(f*100) / 100) }

// scoreValue is a scored scale's value as printed, "prorated" after it
// when some of its questions were skipped.
func scoreValue(s worksheets.ScaleScore) string {
	return score(*s.Value) + worksheets.ProratedSuffix(s.Prorated)
}

// scores draws each scale: title and value, band and its meaning, range.
func (w *writer) scores(list []worksheets.ScaleScore) {
	if len(list) == 0 {
		return
	}
	w.heading("Scores", 16)
	const rightW = 38.0
	leftW := contentW - rightW - 4
	for _, s := range list {
		value, detail := "not scored", "range "+score(s.Min)+"–"+score(s.Max)
		if s.Value != nil {
			value = score(*s.Value)
		}
		if s.Prorated {
			// Under the big number, where it reads as part of the score.
			detail = worksheets.ProratedWord + ", " + detail
		}
		if s.Total > 0 && s.Answered < s.Total {
			detail += ", " + strconv.Itoa(s.Answered) + " of " + strconv.Itoa(s.Total) + " answered"
		}
		meaning := joinDot(s.Meaning, s.Note)
		h := w.height(s.Title, leftW, "B", sizeBody) + 1.5
		pillW, mx := 0.0, 0.0
		if s.Band != "" {
			w.font("B", sizeSmall)
			pillW = w.pdf.GetStringWidth(cleanLine(s.Band)) + 4
			mx = pillW + 2.5
		}
		if meaning != "" || s.Band != "" {
			h += max(5, w.height(meaning, leftW-mx, "", 9))
		}
		h = max(h, 13)
		w.ensure(h + 3)
		y := w.y()
		w.text(0, leftW, s.Title, "B", sizeBody, cText, false)
		w.gap(1.5)
		by := w.y()
		if s.Band != "" {
			w.fill(cAccentTint)
			w.pdf.RoundedRect(marginX, by, pillW, 4.8, 1.2, "1234", "F")
			w.setY(by + 0.5)
			w.text(2, pillW, s.Band, "B", sizeSmall, cAccent, false)
		}
		if meaning != "" {
			w.setY(by + 0.3)
			w.text(mx, leftW-mx, meaning, "", 9, cMuted, false)
		}
		w.setY(y)
		if s.Value != nil {
			w.font("B", 15)
			w.ink(cAccent)
		} else {
			w.font("", sizeSmall)
			w.ink(cMuted)
		}
		w.pdf.SetXY(pageW-marginX-rightW, y-0.5)
		w.pdf.CellFormat(rightW, 7, cleanLine(value), "", 0, "R", false, 0, "")
		w.font("", sizeTiny)
		w.ink(cMuted)
		w.pdf.SetXY(pageW-marginX-rightW, y+6.5)
		w.pdf.CellFormat(rightW, 4, cleanLine(detail), "", 0, "R", false, 0, "")
		w.setY(y + h)
		w.draw(cRule)
		w.pdf.SetLineWidth(0.2)
		w.pdf.Line(marginX, w.y()+1, pageW-marginX, w.y()+1)
		w.gap(3.5)
	}
	w.gap(4)
}
