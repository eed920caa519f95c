package models

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// derived holds what callers work out once per worksheet version from its
// immutable definition (the client form, pre-rendered): it lives and is
// evicted with the version's entry in the definition cache, so it is
// bounded by that cache.
type derived struct {
	mu sync.Mutex
	m  map[string]any
}

// Derived returns what build makes of this version under name, built once
// per version and shared by every later caller (it must never change).
// A view made outside the cache builds it each time.
func (w *WorksheetView) Derived(name string, build func() any) any {
	d := w.derived
	if d == nil {
		return build()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.m[name]; ok {
		return v
	}
	v := build()
	if d.m == nil {
		d.m = map[string]any{}
	}
	d.m[name] = v
	return v
}

// fillRow is what a client's page needs, read in one statement: the
// assignment, its practitioner's words, its draft and how many flags it has.
type fillRow struct {
	Assignment
	PractitionerName, ResponseTime, CrisisText string
	AnswersEnc                                 *string // nil: no draft yet
	ResponseVersion                            int
	SavedAt                                    *time.Time
	Flags                                      int64
}

// fillRowColumns and fillRowJoins read a fillRow of assignments AS a.
const (
	fillRowColumns = "a.*, p.name AS practitioner_name, p.response_time, p.crisis_text, " +
		"r.answers_enc, COALESCE(r.version, 0) AS response_version, r.saved_at, " +
		"(SELECT COUNT(*) FROM flags f WHERE f.assignment_id = a.id) AS flags"
	fillRowJoins = "LEFT JOIN practitioners p ON p.id = a.practitioner_id LEFT JOIN responses r ON r.assignment_id = a.id"
)

func (s *Store) readFillRow(ctx context.Context, id string) (*fillRow, error) {
	var rows []fillRow
	err := s.read(ctx).Table("assignments AS a").Select(fillRowColumns).Joins(fillRowJoins).
		Where("a.id = ?", id).Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: fill assignment: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	return &rows[0], nil
}

// fillView is the client's view of an assignment read as row.
func (s *Store) fillView(ctx context.Context, row *fillRow) (*AssignmentView, error) {
	a := row.Assignment
	ws, err := s.WorksheetVersionByID(ctx, a.WorksheetVersionID)
	if err != nil {
		return nil, err
	}
	if err := a.open(s.crypt); err != nil {
		return nil, err
	}
	v := &AssignmentView{Assignment: a, Worksheet: ws, PractitionerName: row.PractitionerName,
		Words: ClientWords{ResponseTime: ResponseTimeOr(row.ResponseTime), CrisisText: row.CrisisText}}
	if row.AnswersEnc != nil {
		ans, err := s.decryptAnswers(Response{AssignmentID: a.ID, AnswersEnc: *row.AnswersEnc})
		if err != nil {
			return nil, err
		}
		v.Answers, v.ResponseVersion, v.SavedAt = ans, row.ResponseVersion, row.SavedAt
	}
	if row.Flags > 0 {
		var flags []Flag
		if err := s.read(ctx).Where("assignment_id = ?", a.ID).Order("id").Find(&flags).Error; err != nil {
			return nil, fmt.Errorf("store: flags: %w", err)
		}
		if v.Flags, err = s.flagViews(ctx, flags); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// fillSessionRow is a fill session, whether its assignment's link still
// works and, when asked for, the assignment's fillRow.
type fillSessionRow struct {
	TokenHash, AssignmentID, CSRFToken, HomeSession string
	SessionCreatedAt, LastSeenAt                    time.Time
	Live                                            bool
	Row                                             fillRow `gorm:"embedded"` // with the view only
}

func (s *Store) readFillSession(ctx context.Context, tok string, view bool) (*fillSessionRow, error) {
	live := s.linkLive(s.read(ctx).Table("assignments").Select("1")).Where("assignments.id = fs.assignment_id")
	cols := "fs.token_hash, fs.assignment_id, fs.csrf_token, fs.home_session, fs.created_at AS session_created_at, fs.last_seen_at, EXISTS (?) AS live"
	q := s.read(ctx).Table("fill_sessions AS fs")
	if view {
		q = q.Select(cols+", "+fillRowColumns, live).Joins("JOIN assignments a ON a.id = fs.assignment_id " + fillRowJoins)
	} else {
		q = q.Select(cols, live)
	}
	var rows []fillSessionRow
	if err := q.Where("fs.token_hash = ?", HashToken(tok)).Limit(1).Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: fill session: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	return &rows[0], nil
}
