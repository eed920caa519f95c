package reports

import (
	"strconv"

	"github.com/tend-health/tend/views"
)

// The support map and the relationship timeline, drawn with gofpdf's
// vector primitives from the same geometry (views) the review page draws
// as SVG; here one unit becomes k millimetres.

var (
	cAskedNot = rgb{74, 86, 93}
	cUnknown  = rgb{236, 238, 237}
	cLess     = rgb{154, 74, 47}
)

// supportMap draws the map 90 mm square with a key beside it.
func (w *writer) supportMap(m *views.SupportMap) {
	const side = 90.0
	if m.NoOneYet {
		w.heading("Support map", 8)
		w.text(0, contentW, "No one comes to mind yet.", "", sizeBody, cText, false)
		w.gap(4)
		return
	}
	w.heading("Support map", side+4)
	pdf, k := w.pdf, side/m.Size
	x0, y0 := marginX, w.y()
	at := func(x, y float64) (float64, float64) { return x0 + x*k, y0 + y*k }
	cx, cy := at(m.CX, m.CY)
	pdf.SetLineWidth(0.25)
	for _, r := range m.Rings {
		w.fill(cShadeA)
		w.draw(cRule)
		pdf.Circle(cx, cy, r.R*k, "FD")
	}
	w.font("", 5.5)
	w.ink(cMuted)
	for _, r := range m.Rings {
		_, ly := at(0, r.LabelY)
		pdf.SetXY(cx-15, ly-2.2)
		pdf.CellFormat(30, 3, w.fit(r.Label, 30), "", 0, "C", false, 0, "")
	}
	w.fill(cAccent)
	pdf.Circle(cx, cy, m.MeR*k, "F")
	w.font("B", 7)
	w.ink(rgb{255, 255, 255})
	pdf.SetXY(cx-5, cy-1.6)
	pdf.CellFormat(10, 3.2, "Me", "", 0, "C", false, 0, "")
	for _, p := range m.People {
		px, py := at(p.X, p.Y)
		fill, line, ink := askedColours(p.Asked)
		w.fill(fill)
		w.draw(line)
		pdf.SetLineWidth(0.45)
		if p.Asked == "unknown" {
			pdf.SetDashPattern([]float64{0.8, 0.5}, 0)
		}
		pdf.Circle(px, py, p.R*k, "FD")
		pdf.SetDashPattern(nil, 0)
		// Long initials get a smaller type to stay inside the dot.
		w.ink(ink)
		for _, size := range []float64{5.5, 4.8, 4.2} {
			w.font("B", size)
			if pdf.GetStringWidth(cleanLine(p.Initials)) <= 2*p.R*k-0.6 {
				break
			}
		}
		pdf.SetXY(px-p.R*k, py-1.4)
		pdf.CellFormat(2*p.R*k, 2.8, w.fit(p.Initials, 2*p.R*k), "", 0, "C", false, 0, "")
	}
	// The key, to the right of the picture.
	kx, ky := x0+side+8, y0+4
	for _, e := range []struct{ asked, words string }{{"recent", "asked in the last month"},
		{"not-recent", "not asked in the last month"}, {"unknown", "when last asked not said"}} {
		fill, line, _ := askedColours(e.asked)
		w.fill(fill)
		w.draw(line)
		pdf.SetLineWidth(0.45)
		pdf.Circle(kx+1.8, ky+1.8, 1.8, "FD")
		w.font("", sizeSmall)
		w.ink(cText)
		pdf.SetXY(kx+5, ky)
		pdf.CellFormat(contentW-side-14, 3.6, e.words, "", 0, "L", false, 0, "")
		ky += 6
	}
	notes := "Closest people nearest the middle; initials only. The table under Answers lists each person in full."
	if m.Unplaced > 0 {
		notes += " " + strconv.Itoa(m.Unplaced) + " without a closeness rating: in the table only."
	}
	w.setY(ky + 2)
	w.text(side+8, contentW-side-8, notes, "", sizeSmall, cMuted, false)
	w.setY(y0 + side + 6)
}

// askedColours are a person's fill, outline and initials colours.
func askedColours(asked string) (fill, line, ink rgb) {
	switch asked {
	case "recent":
		return cAccent, cAccent, rgb{255, 255, 255}
	case "not-recent":
		return rgb{255, 255, 255}, cAskedNot, cText
	}
	return cUnknown, cMuted, cText
}

// timeline draws the timeline across the page.
func (w *writer) timeline(t *views.Timeline) {
	pdf, k := w.pdf, contentW/t.W
	h := t.H * k
	w.heading("Timeline", h+10)
	x0, y0 := marginX, w.y()
	at := func(x, y float64) (float64, float64) { return x0 + x*k, y0 + y*k }
	w.font("", sizeTiny)
	w.ink(cMuted)
	lx, more := at(t.Left, t.MoreY)
	_, less := at(0, t.LessY)
	_, ageY := at(0, t.AgeY)
	pdf.SetXY(lx, more-3)
	pdf.CellFormat(60, 3.5, "↑ trusted people more", "", 0, "L", false, 0, "")
	pdf.SetXY(lx, less-3)
	pdf.CellFormat(60, 3.5, "↓ trusted people less", "", 0, "L", false, 0, "")
	ax1, ay := at(t.Left, t.AxisY)
	ax2, _ := at(t.Right, t.AxisY)
	w.draw(cAskedNot)
	pdf.SetLineWidth(0.5)
	pdf.Line(ax1, ay, ax2, ay)
	pdf.SetLineWidth(0.25)
	for _, tk := range t.Ticks {
		tx, _ := at(tk.X, 0)
		_, t1 := at(0, t.TickTop)
		_, t2 := at(0, t.TickBottom)
		pdf.Line(tx, t1, tx, t2)
		pdf.SetXY(tx-6, ageY-3)
		pdf.CellFormat(12, 3.5, tk.Label, "", 0, "C", false, 0, "")
	}
	pdf.SetXY(ax1-16, ageY-3)
	pdf.CellFormat(12, 3.5, "age", "", 0, "R", false, 0, "")
	for _, m := range t.Moments {
		mx, my := at(m.X, m.Y)
		r := m.R * k
		if m.Y != t.AxisY {
			w.draw(cMuted)
			pdf.SetLineWidth(0.35)
			pdf.Line(mx, ay, mx, my)
		}
		if m.Kind == "private" {
			w.fill(cAskedNot)
			pdf.Rect(mx-1.7, my-1.7, 3.4, 3.4, "F")
			continue
		}
		fill, line, ink := rgb{236, 238, 237}, cAskedNot, cText
		switch m.Kind {
		case "more":
			fill, line, ink = cAccent, cAccent, rgb{255, 255, 255}
		case "less":
			fill, line = rgb{255, 255, 255}, cLess
		}
		w.fill(fill)
		w.draw(line)
		pdf.SetLineWidth(0.5)
		pdf.Circle(mx, my, r, "FD")
		w.font("B", 6)
		w.ink(ink)
		pdf.SetXY(mx-r, my-1.5)
		pdf.CellFormat(2*r, 3, m.N, "", 0, "C", false, 0, "")
	}
	w.setY(y0 + h + 1)
	note := "Each dot is a moment, numbered as in the table under Answers. Squares on the line are private moments (age only)."
	if t.Undated > 0 {
		note += " " + strconv.Itoa(t.Undated) + " without an age: in the table only."
	}
	w.text(0, contentW, note, "", sizeSmall, cMuted, false)
	w.gap(4)
}

// helpTally draws "Did you ask anyone for help?" by week in the box (x
// from the left margin, y from the top of the page, cw × ch mm), like a
// trend chart beside it: a title, then the bars.
func (w *writer) helpTally(t *views.HelpTally, x, y, cw, ch float64) {
	pdf := w.pdf
	x0 := marginX + x
	w.font("B", sizeSmall)
	w.ink(cText)
	pdf.SetXY(x0, y)
	pdf.CellFormat(cw, 4, "Did you ask anyone for help?", "", 0, "L", false, 0, "")
	w.font("", sizeTiny)
	w.ink(cMuted)
	pdf.SetXY(x0, y+4)
	pdf.CellFormat(cw, 3.5, w.fit("Asked in "+strconv.Itoa(t.AskedWeeks)+" of "+strconv.Itoa(t.AnsweredWeeks)+
		" weeks answered; dark = asked", cw), "", 0, "L", false, 0, "")
	top := y + 9
	k := min(cw/t.W, (ch-9)/t.H)
	at := func(ux, uy float64) (float64, float64) { return x0 + ux*k, top + uy*k }
	w.draw(cRule)
	pdf.SetLineWidth(0.2)
	w.font("", sizeChart)
	for _, tk := range t.YTicks {
		lx, ly := at(t.Left, tk.Y)
		rx, _ := at(t.Right, tk.Y)
		pdf.Line(lx, ly, rx, ly)
		w.ink(cMuted)
		pdf.SetXY(x0, ly-1.5)
		pdf.CellFormat(t.Left*k-1.2, 3, tk.Label, "", 0, "R", false, 0, "")
	}
	for _, wk := range t.Weeks {
		bx, _ := at(wk.X, 0)
		if wk.Yes > 0 {
			_, yy := at(0, wk.YesY)
			w.fill(cAccent)
			pdf.Rect(bx, yy, wk.BarW*k, wk.YesH*k, "F")
		}
		if wk.No > 0 {
			_, ny := at(0, wk.NoY)
			w.fill(cBandTints[2])
			pdf.Rect(bx, ny, wk.BarW*k, wk.NoH*k, "F")
		}
		if wk.ShowLabel {
			mx, by := at(wk.MidX, t.Bottom)
			w.ink(cMuted)
			pdf.SetXY(mx-7, by+1)
			pdf.CellFormat(14, 3, wk.Label, "", 0, "C", false, 0, "")
		}
	}
}
