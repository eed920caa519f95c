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

func (s *Store) readFillRow(ctx context.Context, id string) (*fillRow, error) {
	var rows []fillRow
	err := s.read(ctx).Table("assignments AS a").
		Select("a.*, p.name AS practitioner_name, p.response_time, p.crisis_text, "+
			"r.answers_enc, COALESCE(r.version, 0) AS response_version, r.saved_at, "+
			"(SELECT COUNT(*) FROM flags f WHERE f.assignment_id = a.id) AS flags").
		Joins("LEFT JOIN practitioners p ON p.id = a.practitioner_id").
		Joins("LEFT JOIN responses r ON r.assignment_id = a.id").
		Where("a.id = ?", id).Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: fill assignment: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	return &rows[0], nil
}

// fillSessionRow is a fill session with whether its assignment's link
// still works.
type fillSessionRow struct {
	FillSession
	Live bool
}

func (s *Store) readFillSession(ctx context.Context, tok string) (*fillSessionRow, error) {
	live := s.linkLive(s.read(ctx).Table("assignments").Select("1")).Where("assignments.id = fill_sessions.assignment_id")
	var rows []fillSessionRow
	err := s.read(ctx).Table("fill_sessions").Select("fill_sessions.*, EXISTS (?) AS live", live).
		Where("fill_sessions.token_hash = ?", HashToken(tok)).Limit(1).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: fill session: %w", err)
	}
	if len(rows) == 0 {
		return nil, ErrNotFound
	}
	return &rows[0], nil
}
