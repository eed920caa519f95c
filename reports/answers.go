package reports

import (
	"sort"

	"github.com/tend-health/tend/worksheets"
)

const (
	sizePrompt = 9.5
	answerX    = 4.5 // answers sit indented under their prompt
)

// answers draws each section's questions with their answers in words, as
// worksheets.Readable wrote them.
func (w *writer) answers(sections []worksheets.ReadableSection) {
	for _, sec := range sections {
		if len(sec.Items) == 0 {
			continue
		}
		title := sec.Title
		if title == "" {
			title = "Answers"
		}
		w.heading(title, 18)
		for _, it := range sec.Items {
			w.item(it)
		}
		w.gap(3)
	}
}

// item draws a prompt, then its answer: text, a bulleted list or a table,
// and the scale's ends as a small muted line when the section says them.
func (w *writer) item(it worksheets.ReadableItem) {
	// Keep the prompt with the start of its answer.
	keep := w.height(it.Prompt, contentW, "B", sizePrompt) + 1.2 + lineH(sizeBody)
	if it.Table != nil && !it.Missing {
		keep += 16
	}
	w.ensure(min(keep, bottomEdge-marginTop))
	w.text(0, contentW, it.Prompt, "B", sizePrompt, cText, false)
	w.gap(1.2)
	switch {
	case it.Missing:
		w.text(answerX, contentW-answerX, worksheets.NotAnswered, "", sizePrompt, cMuted, false)
	case it.Table != nil:
		for _, l := range it.Table.Scales {
			w.text(0, contentW, l, "", sizeSmall, cMuted, false)
		}
		w.gap(1.2)
		w.table(it.Table)
	case it.List != nil:
		w.bullets(it.List, true)
	default:
		text := it.Text
		if !it.Long {
			text = cleanLine(text)
		}
		w.text(answerX, contentW-answerX, text, "", sizeBody, cText, true)
	}
	if it.Scale != "" {
		w.gap(0.6)
		w.text(answerX, contentW-answerX, it.Scale, "", sizeSmall, cMuted, false)
	}
	w.gap(4.5)
}

// bullets draws a list with hanging indents; bar marks client words.
func (w *writer) bullets(list []string, bar bool) {
	const indent = 4.0
	lh := lineH(sizeBody)
	for _, s := range list {
		w.font("", sizeBody)
		w.ink(cText)
		for i, line := range w.wrap(clean(s), contentW-answerX-indent) {
			w.ensure(lh)
			y := w.y()
			if bar {
				w.fill(cAccentTint)
				w.pdf.Rect(marginX+answerX-3.2, y, 0.9, lh, "F")
			}
			if i == 0 {
				w.ink(cAccent)
				w.pdf.SetXY(marginX+answerX, y)
				w.pdf.CellFormat(indent, lh, "•", "", 0, "L", false, 0, "")
				w.ink(cText)
			}
			w.pdf.SetXY(marginX+answerX+indent, y)
			w.pdf.CellFormat(contentW-answerX-indent, lh, line, "", 0, "L", false, 0, "")
			w.setY(y + lh)
		}
	}
}

// notes draws the practitioner's notes, oldest first.
func (w *writer) notes(list []NoteView) {
	if len(list) == 0 {
		return
	}
	sorted := append([]NoteView(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].At.Before(sorted[j].At) })
	w.heading("Practitioner notes", 14)
	for _, n := range sorted {
		by := ""
		if !n.At.IsZero() {
			by = dateTime(n.At.In(w.loc))
		}
		by = joinDot(by, n.Author)
		w.ensure(lineH(sizeSmall) + lineH(sizeBody) + 1)
		if by != "" {
			w.text(0, contentW, by, "", sizeSmall, cMuted, false)
			w.gap(0.8)
		}
		w.text(0, contentW, n.Text, "", sizeBody, cText, false)
		w.gap(4)
	}
}
