package reports

import (
	"sort"

	"github.com/tend-health/tend/worksheets"
)

const (
	sizePrompt = 9.5
	answerX    = 4.5 // answers sit indented under their prompt
)

// answers draws every visible item in worksheet order under its section.
func (w *writer) answers(def *worksheets.Definition, a worksheets.Answers) {
	if def == nil {
		w.rawAnswers(a)
		return
	}
	for _, sec := range def.Sections {
		var items []worksheets.Item
		for _, it := range sec.Items {
			if it.Type == worksheets.TypeInfo || !def.Visible(it, a, nil) {
				continue
			}
			items = append(items, it)
		}
		if len(items) == 0 {
			continue
		}
		title := sec.Title
		if title == "" {
			title = "Answers"
		}
		w.heading(title, 18)
		for _, it := range items {
			w.item(def, it, a)
		}
		w.gap(3)
	}
}

func (w *writer) item(def *worksheets.Definition, it worksheets.Item, a worksheets.Answers) {
	av := formatAnswer(def, it, a)
	prompt := it.Prompt
	if prompt == "" {
		prompt = it.ID
	}
	// Keep the prompt with the start of its answer.
	keep := w.height(prompt, contentW, "B", sizePrompt) + 1.2 + lineH(sizeBody)
	if av.Table != nil {
		keep += 16
	}
	w.ensure(min(keep, bottomEdge-marginTop))
	w.text(0, contentW, prompt, "B", sizePrompt, cText, false)
	w.gap(1.2)
	switch {
	case av.Missing:
		w.text(answerX, contentW-answerX, "not answered", "", sizePrompt, cMuted, false)
	case av.Table != nil:
		for _, l := range av.Table.Legend {
			w.text(0, contentW, l, "", sizeSmall, cMuted, false)
		}
		w.gap(1.2)
		w.table(av.Table)
	case av.List != nil:
		w.bullets(av.List, true)
	default:
		w.text(answerX, contentW-answerX, av.Text, "", sizeBody, cText, true)
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

// rawAnswers is the fallback when the definition is missing: every stored
// answer by its id, so nothing the client wrote is lost.
func (w *writer) rawAnswers(a worksheets.Answers) {
	w.heading("Answers", 18)
	w.text(0, contentW, "The worksheet definition was not available; answers are listed by question id.",
		"", sizeSmall, cMuted, false)
	w.gap(3)
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		w.ensure(lineH(sizePrompt) + lineH(sizeBody) + 1)
		w.text(0, contentW, k, "B", sizePrompt, cText, false)
		w.gap(1.2)
		w.text(answerX, contentW-answerX, plain(a[k]), "", sizeBody, cText, true)
		w.gap(4)
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
