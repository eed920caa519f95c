package models

import (
	"context"
	"fmt"
)

// A client's score history is read whole for trends (up to 5,000 rows,
// every page and PDF that shows one), so it runs as the store's own
// prepared statement (prepared.go) and scans column by column, like the
// client's pages (fillpage_sql.go): no GORM statement building or
// reflective scan per row.
const scoreHistorySQL = "SELECT id, assignment_id, client_id, worksheet_key, scale, title, result_enc, min, max, submitted_at, practitioner_id, prorated " +
	"FROM scores WHERE practitioner_id = $1 AND client_id = $2 ORDER BY submitted_at, id LIMIT 5000"

// ScoreHistory returns every score of one of pid's clients, oldest first
// (idx_scores_owner_client).
func (s *Store) ScoreHistory(ctx context.Context, pid, clientID string) ([]Score, error) {
	rows, err := s.prep.query(ctx, s.rdb, scoreHistorySQL, pid, clientID)
	if err != nil {
		return nil, fmt.Errorf("store: score history: %w", err)
	}
	defer rows.Close()
	var out []Score
	for rows.Next() {
		var sc Score
		if err := rows.Scan(&sc.ID, &sc.AssignmentID, &sc.ClientID, &sc.WorksheetKey, &sc.Scale, &sc.Title, &sc.ResultEnc,
			&sc.Min, &sc.Max, &sc.SubmittedAt, &sc.PractitionerID, &sc.Prorated); err != nil {
			return nil, fmt.Errorf("store: score history: %w", err)
		}
		if err := sc.open(s.crypt); err != nil {
			return nil, err
		}
		out = append(out, sc)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: score history: %w", err)
	}
	return out, nil
}
