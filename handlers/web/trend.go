package web

import (
	"fmt"
	"time"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
)

// trendGroup is one worksheet's trend on the client page: charts per
// scale and a table of the same numbers.
type trendGroup struct {
	Key, Title string
	Scales     []string // column headings of the table
	Rows       []trendRow
	Charts     []views.Chart
}

// trendRow is one administration (one submitted assignment).
type trendRow struct {
	AssignmentID string
	At           time.Time
	Cells        []string
}

// trendGroups keeps the worksheets done at least twice and lays each out
// as a table and one chart per scale.
func trendGroups(trends []models.ScoreTrend, loc *time.Location) []trendGroup {
	var out []trendGroup
	for _, t := range trends {
		if len(t.Rows) < 2 {
			continue
		}
		g := trendGroup{Key: t.WorksheetKey, Title: t.WorksheetTitle}
		for _, sc := range t.Scales {
			g.Scales = append(g.Scales, sc.Title)
		}
		for _, r := range t.Rows {
			row := trendRow{AssignmentID: r.AssignmentID, At: r.At}
			for _, s := range r.Scores {
				cell := "—"
				if s.ID != "" {
					cell = views.ScoreText(chartScore(s))
				}
				row.Cells = append(row.Cells, cell)
			}
			g.Rows = append(g.Rows, row)
		}
		for i, sc := range t.Scales {
			var pts []views.Score
			for _, s := range t.Points(i) {
				pts = append(pts, chartScore(s))
			}
			g.Charts = append(g.Charts, views.NewChart(fmt.Sprintf("trend-%s-%d", t.WorksheetKey, i), sc.Title, sc.Def, sc.Min, sc.Max, pts, loc))
		}
		out = append(out, g)
	}
	return out
}

func chartScore(s models.Score) views.Score {
	return views.Score{At: s.SubmittedAt, Value: s.Value, Band: s.Band, Prorated: s.Prorated}
}

func helpAnswers(list []models.AskedHelp) []views.HelpAnswer {
	out := make([]views.HelpAnswer, len(list))
	for i, a := range list {
		out[i] = views.HelpAnswer{At: a.At, Asked: a.Asked}
	}
	return out
}
