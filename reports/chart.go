package reports

import (
	"math"

	"github.com/jung-kurt/gofpdf"
)

const sizeChart = 6.5

// markerR is the radius of a trend point's marker, mm.
const markerR = 1.0

// trendChart draws one scale's history in the box (x from the left margin,
// y from the top of the page, cw × ch mm): band shading, axes, a line
// through the points, values and dates.
func (w *writer) trendChart(t Trend, x, y, cw, ch float64) {
	pdf := w.pdf
	x0 := marginX + x
	w.font("B", sizeSmall)
	w.ink(cText)
	pdf.SetXY(x0, y)
	pdf.CellFormat(cw, 4, w.fit(t.ScaleTitle, cw), "", 0, "L", false, 0, "")
	w.font("", sizeTiny)
	w.ink(cMuted)
	pdf.SetXY(x0, y+4)
	pdf.CellFormat(cw, 3.5, w.fit(t.WorksheetTitle, cw), "", 0, "L", false, 0, "")

	px, py := x0+8, y+11
	pw, ph := cw-8-18, ch-11-6
	lo, hi := t.Min, t.Max
	if hi <= lo {
		hi = lo + 1
	}
	vy := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v))
		return py + ph - (v-lo)/(hi-lo)*ph
	}

	// Bands (geometry from the scale): neutral tints by the band's place,
	// labelled to the right; ticks at the range ends and the inner band
	// boundaries.
	ticks := []float64{lo, hi}
	bands := t.Scale.BandRanges(lo, hi)
	for i, b := range bands {
		if i < len(bands)-1 {
			ticks = append(ticks, b.To)
		}
		top, bot := vy(b.To), vy(b.From)
		w.fill(cBandTints[b.Index%len(cBandTints)])
		pdf.Rect(px, top, pw, bot-top, "F")
		if bot-top >= 2.6 {
			w.font("", sizeChart)
			w.ink(cText)
			pdf.SetXY(px+pw+1.5, (top+bot)/2-1.5)
			pdf.CellFormat(16.5, 3, w.fit(b.Label, 16.5), "", 0, "L", false, 0, "")
		}
	}

	// Axes and y ticks (range ends and band boundaries, never overlapping).
	w.draw(cRule)
	pdf.SetLineWidth(0.2)
	pdf.Line(px, py, px, py+ph)
	pdf.Line(px, py+ph, px+pw, py+ph)
	w.font("", sizeChart)
	w.ink(cMuted)
	var drawn []float64
	for _, v := range ticks {
		ty := vy(v)
		if near(drawn, ty, 2.6) {
			continue
		}
		drawn = append(drawn, ty)
		pdf.SetXY(x0, ty-1.5)
		pdf.CellFormat(6.8, 3, score(v), "", 0, "R", false, 0, "")
		pdf.Line(px-0.8, ty, px, ty)
	}

	pts := t.Points
	if len(pts) == 0 {
		w.ink(cMuted)
		pdf.SetXY(px, py+ph/2-1.5)
		pdf.CellFormat(pw, 3, "no scores yet", "", 0, "C", false, 0, "")
		return
	}
	xs := make([]float64, len(pts))
	t0, t1 := pts[0].At, pts[len(pts)-1].At
	span := t1.Sub(t0).Seconds()
	for i, p := range pts {
		if len(pts) == 1 || span <= 0 {
			xs[i] = px + pw/2
			if len(pts) > 1 {
				xs[i] = px + 4 + float64(i)/float64(len(pts)-1)*(pw-8)
			}
			continue
		}
		xs[i] = px + 4 + p.At.Sub(t0).Seconds()/span*(pw-8)
	}

	w.draw(cAccent)
	pdf.SetLineWidth(0.5)
	pdf.SetLineJoinStyle("round")
	if len(pts) > 1 {
		poly := make([]gofpdf.PointType, len(pts))
		for i, p := range pts {
			poly[i] = gofpdf.PointType{X: xs[i], Y: vy(p.Value)}
		}
		for i := 1; i < len(poly); i++ {
			pdf.Line(poly[i-1].X, poly[i-1].Y, poly[i].X, poly[i].Y)
		}
	}
	w.fill(cAccent)
	pdf.SetDrawColor(255, 255, 255)
	pdf.SetLineWidth(0.3)
	// A marker on each point while they stand apart; when a long history
	// puts points closer than a marker's width, markers would only pile
	// into a smear: the line alone then, and a marker on the latest.
	dense := len(pts) > 1 && (pw-8)/float64(len(pts)-1) < 2*markerR
	for i, p := range pts {
		if dense && i < len(pts)-1 {
			continue
		}
		pdf.Circle(xs[i], vy(p.Value), markerR, "FD")
	}

	// Values above the points (all when few, else the last) and dates
	// under them, thinned so no two labels overlap.
	dateFmt := "2 Jan"
	if t0.Year() != t1.Year() {
		dateFmt = "Jan 2006"
	}
	for i, p := range pts {
		if len(pts) <= 6 || i == len(pts)-1 {
			w.font("B", sizeChart)
			w.ink(cAccent)
			ly := vy(p.Value) - 4.6
			if ly < py-1 { // at the top of the range: label below the point
				ly = vy(p.Value) + 1.6
			}
			pdf.SetXY(xs[i]-6, ly)
			pdf.CellFormat(12, 3, score(p.Value), "", 0, "C", false, 0, "")
		}
	}
	// Dates right to left, so the latest always shows.
	w.font("", sizeChart)
	w.ink(cMuted)
	lastLeft := math.Inf(1)
	for i := len(pts) - 1; i >= 0; i-- {
		label := pts[i].At.In(w.loc).Format(dateFmt)
		lw := pdf.GetStringWidth(label)
		if xs[i]+lw/2 > lastLeft-1.5 {
			continue
		}
		pdf.SetXY(xs[i]-lw/2-1, py+ph+1.3)
		pdf.CellFormat(lw+2, 3, label, "", 0, "C", false, 0, "")
		lastLeft = xs[i] - lw/2
	}
	pdf.SetLineJoinStyle("miter")
	w.font("", sizeBody)
	w.ink(cText)
}

func near(list []float64, v, d float64) bool {
	for _, x := range list {
		if math.Abs(x-v) < d {
			return true
		}
	}
	return false
}
