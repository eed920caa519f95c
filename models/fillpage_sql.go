package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// The reads of a client's pages (FillPage, FillAssignment) run as the
// store's own prepared statements (prepared.go) and scan straight into
// their rows, column by column: no GORM statement building or reflective
// scan on every page. Placeholders are $n, numbered in order of first use
// (both databases read them so: SQLite numbers
// them by first appearance, whatever their digits).
const (
	// fillRowColumns are a fillRow's columns (scanFillRow), of assignments
	// a, its practitioner p and its response r (fillRowJoins).
	fillRowColumns = "a.id, a.practitioner_id, a.client_id, a.worksheet_version_id, a.worksheet_key, a.instructions_enc, " +
		"a.due_on, a.status, a.link_token_hash, a.link_expires_at, a.link_revoked_at, a.submitted_at, a.release_id, " +
		"a.reviewed_at, a.created_at, a.updated_at, " +
		"p.name, p.response_time, p.crisis_text, r.answers_enc, r.version, r.saved_at, " +
		"(SELECT COUNT(*) FROM flags f WHERE f.assignment_id = a.id)"
	fillRowJoins = " LEFT JOIN practitioners p ON p.id = a.practitioner_id LEFT JOIN responses r ON r.assignment_id = a.id"
	fillRowByID  = "SELECT " + fillRowColumns + " FROM assignments a" + fillRowJoins + " WHERE a.id = $1"

	// fillSessionColumns are a fillSessionRow's own columns
	// (readFillSession), of fill_sessions fs; $1 is now, $2 the token's
	// hash.
	fillSessionColumns = "SELECT fs.token_hash, fs.assignment_id, fs.csrf_token, fs.home_session, fs.created_at, fs.last_seen_at, "
	// fillLiveSQL is linkLive's condition on assignment a (its link still
	// opens: not revoked, not expired, not cancelled).
	fillLiveSQL = "a.link_revoked_at IS NULL AND a.link_expires_at > $1 AND a.status <> '" + StatusCancelled + "'"
	// fillSessionByHash reads a session and whether its link is live;
	// fillPageByHash also its assignment's fillRow.
	fillSessionByHash = fillSessionColumns + "EXISTS (SELECT 1 FROM assignments a WHERE a.id = fs.assignment_id AND " + fillLiveSQL + ")" +
		" FROM fill_sessions fs WHERE fs.token_hash = $2"
	fillPageByHash = fillSessionColumns + "(" + fillLiveSQL + "), " + fillRowColumns +
		" FROM fill_sessions fs JOIN assignments a ON a.id = fs.assignment_id" + fillRowJoins + " WHERE fs.token_hash = $2"
)

// fillRowScan holds a fillRow's nullable columns while it is scanned.
type fillRowScan struct {
	dueOn, revoked, submitted, reviewed, savedAt sql.NullTime
	name, responseTime, crisisText, answers      sql.NullString
	version                                      sql.NullInt64
}

// dest lists where fillRowColumns go, in order.
func (sc *fillRowScan) dest(r *fillRow) []any {
	a := &r.Assignment
	return []any{&a.ID, &a.PractitionerID, &a.ClientID, &a.WorksheetVersionID, &a.WorksheetKey, &a.InstructionsEnc,
		&sc.dueOn, &a.Status, &a.LinkTokenHash, &a.LinkExpiresAt, &sc.revoked, &sc.submitted, &a.ReleaseID,
		&sc.reviewed, &a.CreatedAt, &a.UpdatedAt,
		&sc.name, &sc.responseTime, &sc.crisisText, &sc.answers, &sc.version, &sc.savedAt, &r.Flags}
}

// done moves the scanned nullable columns into r.
func (sc *fillRowScan) done(r *fillRow) {
	a := &r.Assignment
	a.DueOn, a.LinkRevokedAt, a.SubmittedAt, a.ReviewedAt = timeOrNil(sc.dueOn), timeOrNil(sc.revoked), timeOrNil(sc.submitted), timeOrNil(sc.reviewed)
	r.PractitionerName, r.ResponseTime, r.CrisisText = sc.name.String, sc.responseTime.String, sc.crisisText.String
	if sc.answers.Valid {
		r.AnswersEnc = &sc.answers.String
	}
	r.ResponseVersion, r.SavedAt = int(sc.version.Int64), timeOrNil(sc.savedAt)
}

func timeOrNil(t sql.NullTime) *time.Time {
	if !t.Valid {
		return nil
	}
	return &t.Time
}

// readFillRow reads assignment id's fillRow.
func (s *Store) readFillRow(ctx context.Context, id string) (*fillRow, error) {
	row, err := s.prep.row(ctx, s.rdb, fillRowByID, id)
	if err != nil {
		return nil, fmt.Errorf("store: fill assignment: %w", err)
	}
	var r fillRow
	var sc fillRowScan
	if err := row.Scan(sc.dest(&r)...); err != nil {
		return nil, scanErr("fill assignment", err)
	}
	sc.done(&r)
	return &r, nil
}

// readFillSession reads the session whose token is tok and whether its
// link is live; with view, also its assignment's fillRow.
func (s *Store) readFillSession(ctx context.Context, tok string, view bool) (*fillSessionRow, error) {
	q := fillSessionByHash
	if view {
		q = fillPageByHash
	}
	row, err := s.prep.row(ctx, s.rdb, q, s.now(), HashToken(tok))
	if err != nil {
		return nil, fmt.Errorf("store: fill session: %w", err)
	}
	var r fillSessionRow
	dest := []any{&r.TokenHash, &r.AssignmentID, &r.CSRFToken, &r.HomeSession, &r.SessionCreatedAt, &r.LastSeenAt, &r.Live}
	var sc fillRowScan
	if view {
		dest = append(dest, sc.dest(&r.Row)...)
	}
	if err := row.Scan(dest...); err != nil {
		return nil, scanErr("fill session", err)
	}
	if view {
		sc.done(&r.Row)
	}
	return &r, nil
}

// scanErr is ErrNotFound for no row, else what went wrong reading what.
func scanErr(what string, err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return fmt.Errorf("store: %s: %w", what, err)
}
