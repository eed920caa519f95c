package web

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// Score trends on the client page: for every scored worksheet the client
// has done more than once, one small line chart per scale (drawn as inline
// SVG by the template, from the numbers here) and a table of the same
// numbers for screen readers and for reading exact values.

// trendGroup is one worksheet's trend: charts per scale and a table.
type trendGroup struct {
	Key, Title string
	Scales     []string // column headings of the table
	Rows       []trendRow
	Charts     []trendChart
}

// trendRow is one administration (one submitted assignment).
type trendRow struct {
	AssignmentID string
	At           time.Time
	Cells        []string
}

// trendChart is one scale's chart in SVG user units.
type trendChart struct {
	ID, Title, Summary string
	W, H               int
	Left, Right        float64
	Top, Bottom        float64
	PlotW, PlotH       float64
	Line               string
	Points             []chartPoint
	Bands              []chartBand
	YTicks, XTicks     []chartTick
}

type chartPoint struct {
	X, Y  float64
	Label string
}

type chartBand struct {
	Y, H, TextY float64
	Label       string
	Class       string
}

type chartTick struct {
	X, Y  float64
	Label string
}

const (
	chartW, chartH  = 340, 180
	chartL, chartR  = 34.0, 78.0 // right margin holds band names
	chartT, chartB  = 10.0, 30.0
	maxChartXLabels = 6
)

// chartRound keeps SVG coordinates short.
func chartRound(f float64) float64 { return math.Round(f*10) / 10 }

// buildTrends groups a client's scores (oldest first) by worksheet and
// keeps the worksheets done at least twice.
func (h *Handler) buildTrends(ctx context.Context, pid string, scores []models.Score, loc *time.Location) ([]trendGroup, error) {
	byKey := map[string][]models.Score{}
	var keys []string
	for _, s := range scores {
		if _, ok := byKey[s.WorksheetKey]; !ok {
			keys = append(keys, s.WorksheetKey)
		}
		byKey[s.WorksheetKey] = append(byKey[s.WorksheetKey], s)
	}
	sort.Strings(keys)
	var out []trendGroup
	for _, key := range keys {
		g, err := h.trendFor(ctx, pid, key, byKey[key], loc)
		if err != nil {
			return nil, err
		}
		if len(g.Rows) >= 2 {
			out = append(out, g)
		}
	}
	return out, nil
}

func (h *Handler) trendFor(ctx context.Context, pid, key string, scores []models.Score, loc *time.Location) (trendGroup, error) {
	g := trendGroup{Key: key, Title: key}
	var def *worksheets.Definition
	if ws, err := h.Store.LatestWorksheet(ctx, pid, key); err == nil {
		def, g.Title = ws.Def, ws.Def.Title
	} else if err != models.ErrNotFound {
		return g, err
	}
	// Scales in the worksheet's order, then any older ones.
	var scaleIDs []string
	titles := map[string]string{}
	if def != nil {
		for _, s := range def.Scales {
			scaleIDs = append(scaleIDs, s.ID)
			titles[s.ID] = s.Title
		}
	}
	// Administrations in submission order.
	var order []string
	cells := map[string]map[string]models.Score{}
	at := map[string]time.Time{}
	for _, s := range scores {
		if _, ok := titles[s.Scale]; !ok {
			scaleIDs, titles[s.Scale] = append(scaleIDs, s.Scale), s.Title
		}
		if cells[s.AssignmentID] == nil {
			cells[s.AssignmentID] = map[string]models.Score{}
			order = append(order, s.AssignmentID)
			at[s.AssignmentID] = s.SubmittedAt
		}
		cells[s.AssignmentID][s.Scale] = s
	}
	for _, id := range scaleIDs {
		g.Scales = append(g.Scales, titles[id])
	}
	for _, aid := range order {
		r := trendRow{AssignmentID: aid, At: at[aid]}
		for _, sid := range scaleIDs {
			r.Cells = append(r.Cells, scoreText(cells[aid][sid]))
		}
		g.Rows = append(g.Rows, r)
	}
	for i, sid := range scaleIDs {
		var pts []models.Score
		for _, aid := range order {
			if s, ok := cells[aid][sid]; ok {
				pts = append(pts, s)
			}
		}
		var sc *worksheets.Scale
		if def != nil {
			for j := range def.Scales {
				if def.Scales[j].ID == sid {
					sc = &def.Scales[j]
				}
			}
		}
		g.Charts = append(g.Charts, newChart(fmt.Sprintf("trend-%s-%d", key, i), titles[sid], sc, pts, loc))
	}
	return g, nil
}

// scoreText is a table cell: "7 (moderate)", or why there is no score.
func scoreText(s models.Score) string {
	switch {
	case s.ID == "":
		return "—"
	case s.Value == nil:
		return "not scored"
	case s.Band != "":
		return views.Num(*s.Value) + " (" + s.Band + ")"
	}
	return views.Num(*s.Value)
}

// newChart lays one scale's scores out on a chart: evenly spaced in time
// order, y from the scale's lowest to highest possible score, with its
// bands shaded behind.
func newChart(id, title string, sc *worksheets.Scale, pts []models.Score, loc *time.Location) trendChart {
	ch := trendChart{ID: id, Title: title, W: chartW, H: chartH, Left: chartL, Right: chartW - chartR, Top: chartT, Bottom: chartH - chartB,
		PlotW: chartW - chartR - chartL, PlotH: chartH - chartB - chartT}
	lo, hi := 0.0, 1.0
	if len(pts) > 0 {
		lo, hi = pts[len(pts)-1].Min, pts[len(pts)-1].Max
	}
	if hi <= lo {
		hi = lo + 1
	}
	y := func(v float64) float64 {
		v = math.Max(lo, math.Min(hi, v))
		return chartRound(ch.Bottom - (v-lo)/(hi-lo)*(ch.Bottom-ch.Top))
	}
	ch.YTicks = append(ch.YTicks, chartTick{Y: y(lo), Label: views.Num(lo)}, chartTick{Y: y(hi), Label: views.Num(hi)})
	if sc != nil {
		prev := lo
		for i, b := range sc.Bands {
			top := hi
			if b.Max != nil && i < len(sc.Bands)-1 {
				top = *b.Max
			}
			if top > prev {
				ch.Bands = append(ch.Bands, chartBand{Y: y(top), H: chartRound(y(prev) - y(top)), TextY: chartRound((y(prev)+y(top))/2 + 4),
					Label: b.Label, Class: "band-" + strconv.Itoa(i%3)})
				if top < hi {
					ch.YTicks = append(ch.YTicks, chartTick{Y: y(top), Label: views.Num(top)})
				}
			}
			prev = top
		}
	}
	n := len(pts)
	step := 1
	if n > maxChartXLabels {
		step = (n + maxChartXLabels - 1) / maxChartXLabels
	}
	var line []string
	var said []string
	for i, s := range pts {
		x := chartRound(ch.Left + (ch.Right-ch.Left)/2)
		if n > 1 {
			x = chartRound(ch.Left + 8 + float64(i)*(ch.Right-ch.Left-16)/float64(n-1))
		}
		day := s.SubmittedAt.In(loc).Format("2 Jan")
		if i%step == 0 || i == n-1 {
			ch.XTicks = append(ch.XTicks, chartTick{X: x, Label: day})
		}
		if s.Value == nil {
			said = append(said, day+" not scored")
			continue
		}
		yy := y(*s.Value)
		line = append(line, fmt.Sprintf("%s,%s", views.Num(x), views.Num(yy)))
		ch.Points = append(ch.Points, chartPoint{X: x, Y: yy, Label: s.SubmittedAt.In(loc).Format("2 Jan 2006") + ": " + scoreText(s)})
		said = append(said, day+" "+scoreText(s))
	}
	ch.Line = strings.Join(line, " ")
	ch.Summary = fmt.Sprintf("%s, %s to %s: %s.", title, views.Num(lo), views.Num(hi), strings.Join(said, ", "))
	return ch
}
