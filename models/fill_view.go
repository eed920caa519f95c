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

// FillPage is FillSessionByToken that, with view, also loads the
// session's assignment as FillAssignment does, in the same statement.
func (s *Store) FillPage(ctx context.Context, tok string, idle time.Duration, view bool) (*FillSession, *AssignmentView, error) {
	row, err := s.readFillSession(ctx, tok, view)
	if err != nil {
		return nil, nil, err
	}
	fs := FillSession{TokenHash: row.TokenHash, AssignmentID: row.AssignmentID, CSRFToken: row.CSRFToken,
		HomeSession: row.HomeSession, CreatedAt: row.SessionCreatedAt, LastSeenAt: row.LastSeenAt}
	now := s.now()
	if now.Sub(fs.LastSeenAt) > idle || now.Sub(fs.CreatedAt) > FillSessionMax {
		s.ctx(ctx).Where("token_hash = ?", fs.TokenHash).Delete(&FillSession{})
		return nil, nil, ErrNotFound
	}
	if !row.Live {
		return nil, nil, ErrNotFound
	}
	// Seen is written at most once a minute, not on every page.
	if now.Sub(fs.LastSeenAt) > time.Minute {
		s.ctx(ctx).Model(&FillSession{}).Where("token_hash = ?", fs.TokenHash).Update("last_seen_at", now)
	}
	if !view {
		return &fs, nil, nil
	}
	v, err := s.fillView(ctx, &row.Row)
	if err != nil {
		return nil, nil, err
	}
	return &fs, v, nil
}

// fillRow is what a client's page needs, read in one statement
// (fillpage_sql.go): the assignment, its practitioner's words, its draft
// and how many flags it has.
type fillRow struct {
	Assignment
	PractitionerName, ResponseTime, CrisisText string
	AnswersEnc                                 *string // nil: no draft yet
	ResponseVersion                            int
	SavedAt                                    *time.Time
	Flags                                      int64
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
		if v.Flags, err = s.assignmentFlags(ctx, a.ID); err != nil {
			return nil, err
		}
	}
	return v, nil
}

// assignmentFlags lists the flags of assignments ids, oldest first.
func (s *Store) assignmentFlags(ctx context.Context, ids ...string) ([]FlagView, error) {
	var flags []Flag
	if err := s.read(ctx).Where("assignment_id IN ?", ids).Order("id").Find(&flags).Error; err != nil {
		return nil, fmt.Errorf("store: flags: %w", err)
	}
	return s.flagViews(ctx, flags)
}

// fillSessionRow is a fill session, whether its assignment's link still
// works and, when asked for, the assignment's fillRow (fillpage_sql.go).
type fillSessionRow struct {
	TokenHash, AssignmentID, CSRFToken, HomeSession string
	SessionCreatedAt, LastSeenAt                    time.Time
	Live                                            bool
	Row                                             fillRow // with the view only
}
