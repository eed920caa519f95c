package reports

import (
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

const (
	sizeCell   = 8.5
	sizeHead   = 8.0
	cellPadX   = 1.8
	cellPadY   = 1.7
	numColW    = 9.0
	minRowLine = 3 // never start a split row with fewer lines than this
)

func flexible(kind string) bool {
	return kind == worksheets.TypeText || kind == worksheets.TypeLongText || kind == worksheets.TypeMultiChoice
}

// columnWidths gives the row-number column and one width per sub-item.
// Short-valued columns (dates, numbers, choices) get their natural width so
// "Monday 12 October 2026" stays on one line when there is room; free-text
// columns share the rest, long text getting the most. When that leaves
// free text too little, short columns shrink towards their longest word
// (wrapping between words, never inside one); only when even that does not
// fit do all columns share by weight.
func (w *writer) columnWidths(t *worksheets.ReadableTable) []float64 {
	const minFlex = 32.0 // the least a free-text column should get
	avail := contentW - numColW
	types := make([]string, len(t.Columns)) // one per column, even if Types is short
	copy(types, t.Types)
	widths := make([]float64, len(types))
	words := make([]float64, len(types)) // a short column's longest word
	weights := make([]float64, len(types))
	fixed, fixedMin, flexW, nFlex := 0.0, 0.0, 0.0, 0
	for i, k := range types {
		switch {
		case k == worksheets.TypeLongText:
			weights[i] = 4
		case flexible(k):
			weights[i] = 2
		default:
			weights[i] = 1.3
		}
		if flexible(k) {
			flexW += weights[i]
			nFlex++
			continue
		}
		nat, word := 0.0, 0.0
		measure := func(s string) {
			nat = max(nat, w.pdf.GetStringWidth(s))
			for _, f := range strings.Fields(s) {
				word = max(word, w.pdf.GetStringWidth(f))
			}
		}
		w.font("", sizeCell)
		for _, row := range t.Rows {
			if i < len(row) {
				measure(clean(cellText(row[i])))
			}
		}
		w.font("B", sizeHead)
		for _, f := range strings.Fields(clean(t.Columns[i])) {
			nat = max(nat, w.pdf.GetStringWidth(f))
			word = max(word, w.pdf.GetStringWidth(f))
		}
		widths[i] = min(nat+2*cellPadX+0.5, 42)
		words[i] = min(word+2*cellPadX+0.5, widths[i])
		fixed += widths[i]
		fixedMin += words[i]
	}
	room := avail - minFlex*float64(nFlex) // what short columns may take
	switch {
	case fixed <= 0:
		for i := range widths {
			widths[i] = avail / float64(len(widths))
		}
		return append([]float64{numColW}, widths...)
	case nFlex == 0:
		for i := range widths {
			widths[i] *= avail / fixed
		}
		return append([]float64{numColW}, widths...)
	case fixed <= room:
	case fixedMin <= room:
		// Shrink each short column by the same share of its slack.
		f := (room - fixedMin) / (fixed - fixedMin)
		fixed = 0
		for i, k := range types {
			if !flexible(k) {
				widths[i] = words[i] + f*(widths[i]-words[i])
				fixed += widths[i]
			}
		}
	default:
		total := flexW
		for i, k := range types {
			if !flexible(k) {
				total += weights[i]
			}
		}
		for i := range widths {
			widths[i] = avail * weights[i] / total
		}
		return append([]float64{numColW}, widths...)
	}
	rest := avail - fixed
	for i, k := range types {
		if flexible(k) {
			widths[i] = rest * weights[i] / flexW
		}
	}
	return append([]float64{numColW}, widths...)
}

// table draws a repeat answer. Row heights come from the wrapped text; a
// row that does not fit moves to the next page under a repeated header row,
// and a row taller than a whole page is split between its lines.
func (w *writer) table(t *worksheets.ReadableTable) {
	if len(t.Rows) == 0 || len(t.Columns) == 0 {
		w.text(answerX, contentW-answerX, worksheets.NotAnswered, "", sizePrompt, cMuted, false)
		return
	}
	widths := w.columnWidths(t)
	heads := append([]string{"#"}, t.Columns...)
	w.font("B", sizeHead)
	headLines := make([][]string, len(heads))
	n := 1
	for i, h := range heads {
		headLines[i] = w.wrap(clean(h), widths[i]-2*cellPadX)
		n = max(n, len(headLines[i]))
	}
	headH := float64(n)*lineH(sizeHead) + 2*cellPadY
	header := func() {
		y := w.y()
		w.fill(cAccentTint)
		w.pdf.Rect(marginX, y, contentW, headH, "F")
		w.drawCells(y, widths, headLines, nil, 0, n, "B", sizeHead, cAccent)
		w.setY(y + headH)
	}

	lh := lineH(sizeCell)
	w.ensure(headH + lh + 2*cellPadY)
	header()
	w.font("", sizeCell)
	for r, row := range t.Rows {
		lines := make([][]string, len(heads))
		muted := make([]bool, len(t.Columns))
		lines[0] = []string{strconv.Itoa(r + 1)}
		n := 1
		for i := range t.Columns {
			var c worksheets.ReadableCell
			if i < len(row) {
				c = row[i]
			}
			muted[i] = c.Hidden
			lines[i+1] = w.wrap(clean(cellText(c)), widths[i+1]-2*cellPadX)
			n = max(n, len(lines[i+1]))
		}
		rowH := float64(n)*lh + 2*cellPadY
		usable := bottomEdge - marginTop - headH
		if rowH > w.room() && rowH <= usable {
			w.newPage(true)
			header()
		}
		for start := 0; start < n; {
			fit := int((w.room() - 2*cellPadY) / lh)
			if fit < minRowLine && fit < n-start {
				w.newPage(true)
				header()
				fit = max(1, int((w.room()-2*cellPadY)/lh))
			}
			end := min(n, start+fit)
			if start > 0 {
				lines[0] = []string{strconv.Itoa(r+1) + "…"}
			}
			w.drawRow(r, widths, lines, muted, start, end)
			start = end
			for start < n && blankLine(lines[1:], start) {
				start++ // do not open a continued row with a paragraph gap
			}
			if start < n {
				w.newPage(true)
				header()
			}
		}
	}
	w.font("", sizeBody)
}

// cellText is what a cell prints: its answer, DoesNotApply when hidden,
// nothing when left empty.
func cellText(c worksheets.ReadableCell) string {
	if c.Missing && !c.Hidden {
		return ""
	}
	return c.Text
}

// drawRow paints one (part of a) row: zebra shading, a hairline under it,
// the row number in muted ink and each cell's lines [from, to); cells
// marked muted (hidden by show_if) are in muted ink.
func (w *writer) drawRow(r int, widths []float64, lines [][]string, muted []bool, from, to int) {
	lh := lineH(sizeCell)
	y := w.y()
	h := float64(to-from)*lh + 2*cellPadY
	if r%2 == 1 {
		w.fill(cShadeA)
		w.pdf.Rect(marginX, y, contentW, h, "F")
	}
	w.draw(cRule)
	w.pdf.SetLineWidth(0.2)
	w.pdf.Line(marginX, y+h, pageW-marginX, y+h)
	// The row number shows on every part of a split row.
	w.drawCells(y, widths[:1], lines[:1], nil, 0, 1, "", sizeCell, cMuted)
	x0 := widths[0]
	w.drawCellsAt(y, x0, widths[1:], lines[1:], muted, from, to, "", sizeCell, cText)
	w.setY(y + h)
}

func (w *writer) drawCells(y float64, widths []float64, lines [][]string, muted []bool, from, to int, style string, size float64, c rgb) {
	w.drawCellsAt(y, 0, widths, lines, muted, from, to, style, size, c)
}

func (w *writer) drawCellsAt(y, x float64, widths []float64, lines [][]string, muted []bool, from, to int, style string, size float64, c rgb) {
	w.font(style, size)
	lh := lineH(size)
	for i, cell := range lines {
		ink := c
		if i < len(muted) && muted[i] {
			ink = cMuted
		}
		w.ink(ink)
		for j := from; j < to && j < len(cell); j++ {
			w.pdf.SetXY(marginX+x+cellPadX, y+cellPadY+float64(j-from)*lh)
			w.pdf.CellFormat(widths[i]-2*cellPadX, lh, cell[j], "", 0, "L", false, 0, "")
		}
		x += widths[i]
	}
}

func blankLine(cells [][]string, i int) bool {
	for _, c := range cells {
		if i < len(c) && c[i] != "" {
			return false
		}
	}
	return true
}
