package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// FillTarget is what a client's request needs to know of the assignment
// its link or session opens, read in one statement: the assignment's
// status, owner and worksheet version, the draft's version, time and last
// save id (never its answers: nothing is decrypted) and whether a flag is
// open on it. A draft save (SaveDraftOnce) starts from it.
type FillTarget struct {
	ID, Status, PractitionerID, WorksheetVersionID string
	Version                                        int       // the draft's; 0: no draft yet
	SavedAt                                        time.Time // the draft's, UTC
	LastSaveID                                     string    // of the draft's last save
	OpenFlags                                      bool      // a flag raised and not withdrawn
}

// Submitted reports whether the answers were sent (and so can no longer change).
func (t *FillTarget) Submitted() bool {
	return t.Status == StatusSubmitted || t.Status == StatusReviewed
}

// fillTargetSelect reads a FillTarget (scanFillTarget). Placeholders are
// $n, numbered in order of first use: both databases read them so.
const fillTargetSelect = "SELECT a.id, a.status, a.practitioner_id, a.worksheet_version_id, r.version, r.saved_at, r.last_save_id, " +
	"EXISTS (SELECT 1 FROM flags f WHERE f.assignment_id = a.id AND f.withdrawn_at IS NULL) " +
	"FROM assignments a LEFT JOIN responses r ON r.assignment_id = a.id WHERE "

const (
	fillTargetByID = fillTargetSelect + "a.id = $1"
	// fillTargetByLink is linkLive's condition in SQL.
	fillTargetByLink = fillTargetSelect + "a.link_token_hash = $1 AND a.link_revoked_at IS NULL AND a.link_expires_at > $2 AND a.status <> '" + StatusCancelled + "'"
)

// FillTarget reads what a draft save of assignment id needs (no owner: the
// caller holds a live link or session for exactly this id).
func (s *Store) FillTarget(ctx context.Context, id string) (*FillTarget, error) {
	row, err := s.prep.row(ctx, s.rdb, fillTargetByID, id)
	if err != nil {
		return nil, fmt.Errorf("store: assignment: %w", err)
	}
	return scanFillTarget(row)
}

// FillTargetByLink resolves a raw link token to its assignment's
// FillTarget; unknown, expired, revoked and cancelled links are all
// ErrNotFound. A link it resolves becomes a KnownLink.
func (s *Store) FillTargetByLink(ctx context.Context, token string) (*FillTarget, error) {
	if token == "" || len(token) > 100 {
		return nil, ErrNotFound
	}
	hash := HashToken(token)
	row, err := s.prep.row(ctx, s.rdb, fillTargetByLink, hash, s.now())
	if err != nil {
		return nil, fmt.Errorf("store: link: %w", err)
	}
	t, err := scanFillTarget(row)
	if err == nil {
		s.known.put(KnownLink{AssignmentID: t.ID, WorksheetVersionID: t.WorksheetVersionID, hash: hash})
	}
	return t, err
}

// scanFillTarget scans one row of fillTargetSelect; no row is ErrNotFound.
func scanFillTarget(row interface{ Scan(...any) error }) (*FillTarget, error) {
	var t FillTarget
	var version sql.NullInt64
	var savedAt sql.NullTime
	var lastSave sql.NullString
	err := row.Scan(&t.ID, &t.Status, &t.PractitionerID, &t.WorksheetVersionID, &version, &savedAt, &lastSave, &t.OpenFlags)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("store: assignment: %w", err)
	}
	t.Version, t.SavedAt, t.LastSaveID = int(version.Int64), savedAt.Time.UTC(), lastSave.String
	return &t, nil
}
