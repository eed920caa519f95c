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
// "12 Oct 2026" never wraps; free-text columns share the rest, long text
// getting the most. When that leaves too little, all share by weight.
func (w *writer) columnWidths(t *tableView) []float64 {
	avail := contentW - numColW
	widths := make([]float64, len(t.Kinds))
	weights := make([]float64, len(t.Kinds))
	fixed, flexW, nFlex := 0.0, 0.0, 0
	for i, k := range t.Kinds {
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
		w.font("", sizeCell)
		nat := 0.0
		for _, row := range t.Cells {
			nat = max(nat, w.pdf.GetStringWidth(clean(row[i].Text)))
		}
		w.font("B", sizeHead)
		for _, word := range strings.Fields(clean(t.Columns[i])) {
			nat = max(nat, w.pdf.GetStringWidth(word))
		}
		widths[i] = min(nat+2*cellPadX+0.5, 42)
		fixed += widths[i]
	}
	rest := avail - fixed
	switch {
	case nFlex == 0:
		for i := range widths {
			widths[i] *= avail / fixed
		}
	case rest >= 32*float64(nFlex):
		for i, k := range t.Kinds {
			if flexible(k) {
				widths[i] = rest * weights[i] / flexW
			}
		}
	default:
		total := flexW
		for i, k := range t.Kinds {
			if !flexible(k) {
				total += weights[i]
			}
		}
		for i := range widths {
			widths[i] = avail * weights[i] / total
		}
	}
	return append([]float64{numColW}, widths...)
}

// table draws a repeat answer. Row heights come from the wrapped text; a
// row that does not fit moves to the next page under a repeated header row,
// and a row taller than a whole page is split between its lines.
func (w *writer) table(t *tableView) {
	if len(t.Cells) == 0 {
		w.text(answerX, contentW-answerX, "not answered", "", sizePrompt, cMuted, false)
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
		w.drawCells(y, widths, headLines, 0, n, "B", sizeHead, cAccent)
		w.setY(y + headH)
	}

	lh := lineH(sizeCell)
	w.ensure(headH + lh + 2*cellPadY)
	header()
	w.font("", sizeCell)
	for r, row := range t.Cells {
		lines := make([][]string, len(heads))
		lines[0] = []string{strconv.Itoa(r + 1)}
		n := 1
		for i, c := range row {
			lines[i+1] = w.wrap(clean(c.Text), widths[i+1]-2*cellPadX)
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
			w.drawRow(r, widths, lines, start, end)
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

// drawRow paints one (part of a) row: zebra shading, a hairline under it,
// the row number in muted ink and each cell's lines [from, to).
func (w *writer) drawRow(r int, widths []float64, lines [][]string, from, to int) {
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
	w.drawCells(y, widths[:1], lines[:1], 0, 1, "", sizeCell, cMuted)
	x0 := widths[0]
	w.drawCellsAt(y, x0, widths[1:], lines[1:], from, to, "", sizeCell, cText)
	w.setY(y + h)
}

func (w *writer) drawCells(y float64, widths []float64, lines [][]string, from, to int, style string, size float64, c rgb) {
	w.drawCellsAt(y, 0, widths, lines, from, to, style, size, c)
}

func (w *writer) drawCellsAt(y, x float64, widths []float64, lines [][]string, from, to int, style string, size float64, c rgb) {
	w.font(style, size)
	lh := lineH(size)
	for i, cell := range lines {
		for j := from; j < to && j < len(cell); j++ {
			ink := c
			if cell[j] == "—" {
				ink = cMuted
			}
			w.ink(ink)
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
