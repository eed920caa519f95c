package models

import (
	"context"
	"sort"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// ScoreTrend is one worksheet's score history for one client: its scales
// (in the newest version's order, then any only older versions had) and
// one row per submitted assignment, oldest first.
type ScoreTrend struct {
	WorksheetKey   string
	WorksheetTitle string // the newest version's title; the key when none is visible
	Scales         []TrendScale
	Rows           []TrendRow
}

// TrendScale is one scale of a trend. Def is the newest worksheet
// version's scale (for its bands); nil when that version has no such scale.
type TrendScale struct {
	ID, Title string
	Min, Max  float64 // possible score range, from the newest score
	Def       *worksheets.Scale
}

// TrendRow is one administration: Scores[i] belongs to Scales[i]; a zero
// Score (empty ID) means this administration had no such scale.
type TrendRow struct {
	AssignmentID string
	At           time.Time
	Scores       []Score
}

// Points is scale i's scored administrations, oldest first (unscored ones,
// with a nil Value, included).
func (t ScoreTrend) Points(i int) []Score {
	var out []Score
	for _, r := range t.Rows {
		if r.Scores[i].ID != "" {
			out = append(out, r.Scores[i])
		}
	}
	return out
}

// ScoreTrends groups every score of one of pid's clients by worksheet,
// ordered by worksheet key; the review page and the session PDF both
// draw from it. The worksheets' newest definitions are one query.
func (s *Store) ScoreTrends(ctx context.Context, pid, clientID string) ([]ScoreTrend, error) {
	scores, err := s.ScoreHistory(ctx, pid, clientID)
	if err != nil {
		return nil, err
	}
	byKey := map[string][]Score{}
	var keys []string
	for _, sc := range scores {
		if _, ok := byKey[sc.WorksheetKey]; !ok {
			keys = append(keys, sc.WorksheetKey)
		}
		byKey[sc.WorksheetKey] = append(byKey[sc.WorksheetKey], sc)
	}
	sort.Strings(keys)
	latest, err := s.LatestWorksheets(ctx, pid, keys)
	if err != nil {
		return nil, err
	}
	out := make([]ScoreTrend, 0, len(keys))
	for _, key := range keys {
		var def *worksheets.Definition
		if ws := latest[key]; ws != nil {
			def = ws.Def
		}
		out = append(out, scoreTrend(key, def, byKey[key]))
	}
	return out, nil
}

// scoreTrend lays one worksheet's scores (oldest first) out as rows.
func scoreTrend(key string, def *worksheets.Definition, scores []Score) ScoreTrend {
	t := ScoreTrend{WorksheetKey: key, WorksheetTitle: key}
	col := map[string]int{}
	if def != nil {
		t.WorksheetTitle = def.Title
		for i := range def.Scales {
			sc := &def.Scales[i]
			col[sc.ID] = len(t.Scales)
			t.Scales = append(t.Scales, TrendScale{ID: sc.ID, Title: sc.Title, Def: sc})
		}
	}
	row := map[string]int{}
	for _, sc := range scores {
		i, ok := col[sc.Scale]
		if !ok {
			i = len(t.Scales)
			col[sc.Scale] = i
			t.Scales = append(t.Scales, TrendScale{ID: sc.Scale, Title: sc.Title})
		}
		t.Scales[i].Min, t.Scales[i].Max = sc.Min, sc.Max
		r, ok := row[sc.AssignmentID]
		if !ok {
			r = len(t.Rows)
			row[sc.AssignmentID] = r
			t.Rows = append(t.Rows, TrendRow{AssignmentID: sc.AssignmentID, At: sc.SubmittedAt})
		}
		t.Rows[r].Scores = append(t.Rows[r].Scores, sc)
	}
	// Line each row's scores up with the scales.
	for r := range t.Rows {
		aligned := make([]Score, len(t.Scales))
		for _, sc := range t.Rows[r].Scores {
			aligned[col[sc.Scale]] = sc
		}
		t.Rows[r].Scores = aligned
	}
	return t
}
