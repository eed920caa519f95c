package views

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// Score charts on the client page: one small line chart per scale, drawn
// as inline SVG by the template from the numbers here, beside a table of
// the same numbers for screen readers and for reading exact values.

// Chart is one scale's chart in SVG user units.
type Chart struct {
	ID, Title, Summary string
	W, H               int
	Left, Right        float64
	Top, Bottom        float64
	PlotW, PlotH       float64
	Line               string
	Points             []ChartPoint
	Bands              []ChartBand
	YTicks, XTicks     []ChartTick
}

// ChartPoint is one plotted score; Label says it for a tooltip.
type ChartPoint struct {
	X, Y  float64
	Label string
}

// ChartBand is one shaded band of the scale.
type ChartBand struct {
	Y, H, TextY float64
	Label       string
	Class       string
}

// ChartTick is one labelled tick on an axis.
type ChartTick struct {
	X, Y  float64
	Label string
}

// Score is one administration's score as a chart takes it: Value nil
// means it could not be scored.
type Score struct {
	At       time.Time
	Value    *float64
	Band     string
	Prorated bool
}

const (
	chartW, chartH  = 340, 180
	chartL, chartR  = 34.0, 78.0 // right margin holds band names
	chartT, chartB  = 10.0, 30.0
	maxChartXLabels = 6
)

// chartRound keeps SVG coordinates short.
func chartRound(f float64) float64 { return math.Round(f*10) / 10 }

// ScoreText is a score in words, in a table cell or a tooltip: "7
// (moderate)", or "not scored".
func ScoreText(s Score) string {
	switch {
	case s.Value == nil:
		return "not scored"
	case s.Band != "":
		return worksheets.FormatNumber(*s.Value) + worksheets.ProratedSuffix(s.Prorated) + " (" + s.Band + ")"
	}
	return worksheets.FormatNumber(*s.Value) + worksheets.ProratedSuffix(s.Prorated)
}

// NewChart lays one scale's scores (oldest first) out on a chart: evenly
// spaced in time order, y from the scale's lowest (lo) to highest (hi)
// possible score, with the bands of sc (may be nil) shaded behind. Dates
// are shown in loc.
func NewChart(id, title string, sc *worksheets.Scale, lo, hi float64, pts []Score, loc *time.Location) Chart {
	ch := Chart{ID: id, Title: title, W: chartW, H: chartH, Left: chartL, Right: chartW - chartR, Top: chartT, Bottom: chartH - chartB,
		PlotW: chartW - chartR - chartL, PlotH: chartH - chartB - chartT}
	if hi <= lo {
		hi = lo + 1
	}
	y := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v))
		return chartRound(ch.Bottom - (v-lo)/(hi-lo)*(ch.Bottom-ch.Top))
	}
	num := worksheets.FormatNumber
	ch.YTicks = append(ch.YTicks, ChartTick{Y: y(lo), Label: num(lo)}, ChartTick{Y: y(hi), Label: num(hi)})
	for _, b := range sc.BandRanges(lo, hi) {
		ch.Bands = append(ch.Bands, ChartBand{Y: y(b.To), H: chartRound(y(b.From) - y(b.To)), TextY: chartRound((y(b.From)+y(b.To))/2 + 4),
			Label: b.Label, Class: "band-" + strconv.Itoa(b.Index%3)})
		if b.To < hi {
			ch.YTicks = append(ch.YTicks, ChartTick{Y: y(b.To), Label: num(b.To)})
		}
	}
	n := len(pts)
	step := 1
	if n > maxChartXLabels {
		step = (n + maxChartXLabels - 1) / maxChartXLabels
	}
	var line, said []string
	for i, s := range pts {
		x := chartRound(ch.Left + (ch.Right-ch.Left)/2)
		if n > 1 {
			x = chartRound(ch.Left + 8 + float64(i)*(ch.Right-ch.Left-16)/float64(n-1))
		}
		day := s.At.In(loc).Format("2 Jan")
		if i%step == 0 || i == n-1 {
			ch.XTicks = append(ch.XTicks, ChartTick{X: x, Label: day})
		}
		if s.Value == nil {
			said = append(said, day+" not scored")
			continue
		}
		yy := y(*s.Value)
		line = append(line, num(x)+","+num(yy))
		ch.Points = append(ch.Points, ChartPoint{X: x, Y: yy, Label: s.At.In(loc).Format("2 Jan 2006") + ": " + ScoreText(s)})
		said = append(said, day+" "+ScoreText(s))
	}
	ch.Line = strings.Join(line, " ")
	ch.Summary = fmt.Sprintf("%s, %s to %s: %s.", title, num(lo), num(hi), strings.Join(said, ", "))
	return ch
}
