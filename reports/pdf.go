package reports

import (
	"context"
	"strconv"
	"strings"
	"time"

	"github.com/jung-kurt/gofpdf"
)

// Page geometry in millimetres (A4 portrait) and the font family name.
const (
	pageW      = 210.0
	pageH      = 297.0
	marginX    = 20.0
	marginTop  = 20.0
	bottomEdge = pageH - 22.0 // content stops here; the footer sits below
	contentW   = pageW - 2*marginX
	family     = "dejavu"
)

type rgb struct{ r, g, b int }

// One accent colour plus neutrals; severity colours are used only for flags.
var (
	cText       = rgb{33, 37, 41}
	cMuted      = rgb{108, 117, 125}
	cRule       = rgb{210, 215, 220}
	cAccent     = rgb{28, 92, 104}
	cAccentTint = rgb{228, 239, 241}
	cShadeA     = rgb{243, 247, 248}
	cHigh       = rgb{168, 38, 50}
	cHighTint   = rgb{250, 232, 233}
	cMedium     = rgb{166, 98, 0}
	cMediumTint = rgb{253, 243, 224}
	cLowTint    = rgb{241, 243, 245}
	// cBandTints shade a chart's bands: one calm hue, darker as the band's
	// place rises, never an alarm colour; cText labels keep > 10:1 on each.
	cBandTints = [3]rgb{{242, 245, 247}, {226, 233, 237}, {208, 219, 225}}
)

// Type sizes in points.
const (
	sizeTitle = 18.0
	sizeH2    = 12.5
	sizeBody  = 10.0
	sizeSmall = 8.5
	sizeTiny  = 7.5
)

// lineH is a comfortable line height in mm for a font size in points.
func lineH(size float64) float64 { return size * 0.3528 * 1.42 }

// writer wraps one gofpdf document with the few layout primitives the
// reports need. Page breaks are explicit (auto page break is off) so tables
// and blocks break where we decide.
type writer struct {
	pdf     *gofpdf.Fpdf
	ctx     context.Context
	now     time.Time
	loc     *time.Location
	running string // running header on continuation pages
	// footNote is the footer's left text; "" is the confidentiality line.
	footNote string
	style    string
	size     float64
	color    rgb
}

func newWriter(ctx context.Context, opts Options, title string) (*writer, error) {
	tf, err := loadFonts()
	if err != nil {
		return nil, err
	}
	pdf := gofpdf.New("P", "mm", "A4", "")
	w := &writer{pdf: pdf, ctx: ctx, now: opts.now(), loc: opts.loc()}
	pdf.SetMargins(marginX, marginTop, marginX)
	pdf.SetAutoPageBreak(false, 0)
	pdf.SetCellMargin(0)
	// The fonts are parsed once per process and shared read-only; the
	// document keeps its own set of used runes (third_party/gofpdf).
	pdf.AddUTF8FontShared(family, "", tf.regular)
	pdf.AddUTF8FontShared(family, "B", tf.bold)
	pdf.SetTitle(cleanLine(title), true)
	pdf.SetCreator("Tend", true)
	pdf.SetProducer("Tend", true)
	pdf.SetCreationDate(w.now)
	pdf.SetModificationDate(w.now)
	pdf.SetCatalogSort(opts.Deterministic)
	w.font("", sizeBody)
	w.ink(cText)
	return w, pdf.Error()
}

func (w *writer) font(style string, size float64) {
	w.style, w.size = style, size
	w.pdf.SetFont(family, style, size)
}

func (w *writer) ink(c rgb) {
	w.color = c
	w.pdf.SetTextColor(c.r, c.g, c.b)
}

func (w *writer) fill(c rgb) { w.pdf.SetFillColor(c.r, c.g, c.b) }
func (w *writer) draw(c rgb) { w.pdf.SetDrawColor(c.r, c.g, c.b) }

func (w *writer) y() float64     { return w.pdf.GetY() }
func (w *writer) setY(y float64) { w.pdf.SetXY(marginX, y) }
func (w *writer) gap(h float64)  { w.setY(w.y() + h) }
func (w *writer) room() float64  { return bottomEdge - w.y() }

// ensure starts a new page when less than h mm are left; it reports whether
// it did.
func (w *writer) ensure(h float64) bool {
	if w.y()+h <= bottomEdge+0.01 {
		return false
	}
	w.newPage(true)
	return true
}

// newPage adds a page; continuation pages carry a small running header so a
// loose sheet can be put back in order.
func (w *writer) newPage(running bool) {
	if err := w.ctx.Err(); err != nil && w.pdf.Error() == nil {
		w.pdf.SetError(err) // the client left: stop spending CPU on it
	}
	style, size, color := w.style, w.size, w.color
	w.pdf.AddPage()
	w.setY(marginTop)
	if running && w.running != "" {
		w.font("", sizeTiny)
		w.ink(cMuted)
		w.pdf.SetXY(marginX, 11)
		w.pdf.CellFormat(contentW, 4, w.fit(w.running, contentW), "", 0, "L", false, 0, "")
		w.draw(cRule)
		w.pdf.SetLineWidth(0.2)
		w.pdf.Line(marginX, 15.5, pageW-marginX, 15.5)
		w.setY(marginTop)
	}
	w.font(style, size)
	w.ink(color)
}

// footers stamps every page once the total is known, so "Page X of Y"
// can be right-aligned exactly (an AliasNbPages placeholder is measured at
// its own width and would leave the text ragged).
func (w *writer) footers() {
	n := w.pdf.PageNo()
	for p := 1; p <= n; p++ {
		w.pdf.SetPage(p)
		// SetFont writes nothing when the font looks unchanged, but this
		// page's stream may have ended in another size: force it.
		w.pdf.SetFont(family, "B", sizeTiny)
		w.pdf.SetFont(family, "", sizeTiny)
		w.pdf.SetFillColor(255, 255, 255)
		w.pdf.SetTextColor(cMuted.r, cMuted.g, cMuted.b)
		w.draw(cRule)
		w.pdf.SetLineWidth(0.2)
		w.pdf.Line(marginX, pageH-16, pageW-marginX, pageH-16)
		y := pageH - 14.5
		w.pdf.SetXY(marginX, y)
		note := w.footNote
		if note == "" {
			note = "Confidential — client information"
		}
		w.pdf.CellFormat(contentW/3, 4, note, "", 0, "L", false, 0, "")
		w.pdf.CellFormat(contentW/3, 4, "Generated "+dateTime(w.now), "", 0, "C", false, 0, "")
		w.pdf.CellFormat(contentW/3, 4, "Page "+itoa(p)+" of "+itoa(n), "", 0, "R", false, 0, "")
	}
}

// wrap splits cleaned text into lines no wider than width in the current
// font. Paragraph breaks are kept (runs of blank lines become one) and a
// word wider than the line is broken between characters, never dropped.
func (w *writer) wrap(s string, width float64) []string {
	var out []string
	space := w.pdf.GetStringWidth(" ")
	for _, para := range strings.Split(s, "\n") {
		words := strings.Fields(para)
		if len(words) == 0 {
			if len(out) > 0 && out[len(out)-1] != "" {
				out = append(out, "")
			}
			continue
		}
		var line strings.Builder
		lw := 0.0
		for _, word := range words {
			ww := w.pdf.GetStringWidth(word)
			switch {
			case ww > width:
				pieces := w.breakWord(word, width)
				if line.Len() > 0 {
					out = append(out, line.String())
					line.Reset()
				}
				out = append(out, pieces[:len(pieces)-1]...)
				last := pieces[len(pieces)-1]
				line.WriteString(last)
				lw = w.pdf.GetStringWidth(last)
			case line.Len() == 0:
				line.WriteString(word)
				lw = ww
			case lw+space+ww <= width+0.001:
				line.WriteByte(' ')
				line.WriteString(word)
				lw += space + ww
			default:
				out = append(out, line.String())
				line.Reset()
				line.WriteString(word)
				lw = ww
			}
		}
		out = append(out, line.String())
	}
	for len(out) > 0 && out[len(out)-1] == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		out = []string{""}
	}
	return out
}

func (w *writer) breakWord(word string, width float64) []string {
	var pieces []string
	var cur []rune
	cw := 0.0
	for _, r := range word {
		rw := w.pdf.GetStringWidth(string(r))
		if len(cur) > 0 && cw+rw > width {
			pieces = append(pieces, string(cur))
			cur, cw = cur[:0:0], 0
		}
		cur = append(cur, r)
		cw += rw
	}
	return append(pieces, string(cur))
}

// fit returns s shortened with "…" to one line of width (for running
// headers only; answers are never shortened).
func (w *writer) fit(s string, width float64) string {
	s = cleanLine(s)
	if w.pdf.GetStringWidth(s) <= width {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && w.pdf.GetStringWidth(string(r)+"…") > width {
		r = r[:len(r)-1]
	}
	return string(r) + "…"
}

// text writes s wrapped to width at x (mm from the left margin), breaking
// pages between lines. bar draws a thin tinted rule left of each line.
func (w *writer) text(x, width float64, s, style string, size float64, c rgb, bar bool) {
	w.font(style, size)
	w.ink(c)
	lh := lineH(size)
	for _, line := range w.wrap(clean(s), width) {
		w.ensure(lh)
		y := w.y()
		if bar {
			w.fill(cAccentTint)
			w.pdf.Rect(marginX+x-3.2, y, 0.9, lh, "F")
		}
		w.pdf.SetXY(marginX+x, y)
		w.pdf.CellFormat(width, lh, line, "", 0, "L", false, 0, "")
		w.setY(y + lh)
	}
}

// height is the height text would take, in the given font.
func (w *writer) height(s string, width float64, style string, size float64) float64 {
	prevStyle, prevSize := w.style, w.size
	w.font(style, size)
	n := len(w.wrap(clean(s), width))
	w.font(prevStyle, prevSize)
	return float64(n) * lineH(size)
}

// heading is a section title with a hairline under it; it keeps at least
// keep mm of what follows on the same page.
func (w *writer) heading(s string, keep float64) {
	h := lineH(sizeH2) + 3
	w.ensure(h + keep)
	w.text(0, contentW, s, "B", sizeH2, cAccent, false)
	w.draw(cAccentTint)
	w.pdf.SetLineWidth(0.4)
	w.pdf.Line(marginX, w.y()+0.8, pageW-marginX, w.y()+0.8)
	w.gap(3.5)
}

func itoa(n int) string { return strconv.Itoa(n) }
