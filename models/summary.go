package models

import (
	"context"
	"fmt"
	"sort"
	"time"

	"gorm.io/gorm"
)

// summaryLimit caps the submissions one summary loads.
const summaryLimit = 50

// SummarySubmissions returns one of p's client's assignments submitted at
// or after from and before to (at most 50) and, when earlier, those
// submitted before from that still have a flag nobody acknowledged (at
// most 50: a risk answer stays in every summary until it is seen); each
// oldest first, with answers, scores and flags, both read in one statement.
// The caller has checked the client is p's (ClientByID): every query is
// owner scoped, so another's client gets nothing.
func (s *Store) SummarySubmissions(ctx context.Context, p *Practitioner, client *Client, from, to time.Time, earlier bool) (in, before []*AssignmentView, err error) {
	pid, clientID := p.ID, client.ID
	db := s.read(ctx)
	parts := []*gorm.DB{qClientSubmitted(db.Model(&Assignment{}).Where("submitted_at >= ? AND submitted_at < ?", from, to), pid, clientID)}
	if earlier {
		open := db.Model(&Flag{}).Select("assignment_id").Where("practitioner_id = ? AND acknowledged_at IS NULL", pid)
		parts = append(parts, qClientSubmitted(db.Model(&Assignment{}).Where("submitted_at < ? AND id IN (?)", from, open), pid, clientID))
	}
	var rows []Assignment
	if err := unionAll(db, parts).Find(&rows).Error; err != nil {
		return nil, nil, fmt.Errorf("store: summary submissions: %w", err)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].SubmittedAt, rows[j].SubmittedAt
		if !a.Equal(*b) {
			return a.Before(*b)
		}
		return rows[i].ID < rows[j].ID
	})
	views, err := s.assignmentViews(ctx, rows, viewsOwner{client, p})
	if err != nil {
		return nil, nil, err
	}
	for _, v := range views {
		if v.SubmittedAt.Before(from) {
			before = append(before, v)
		} else {
			in = append(in, v)
		}
	}
	return in, before, nil
}

// NotesOn lists pid's notes on some of one client's assignments, oldest
// first, by assignment id, in one query.
func (s *Store) NotesOn(ctx context.Context, pid, clientID string, assignmentIDs []string) (map[string][]NoteView, error) {
	out := map[string][]NoteView{}
	if len(assignmentIDs) == 0 {
		return out, nil
	}
	var rows []Note
	if err := qNotes(s.read(ctx), pid, clientID, "").Where("assignment_id IN ?", assignmentIDs).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	notes, err := s.openNotes(rows)
	if err != nil {
		return nil, err
	}
	for _, n := range notes {
		out[n.AssignmentID] = append(out[n.AssignmentID], n)
	}
	return out, nil
}

// OpenWork lists the work one of pid's clients still has to do (not
// started or in progress), soonest due first, undated last: each status's
// dated and undated work is one indexed query, all four in one statement.
func (s *Store) OpenWork(ctx context.Context, pid, clientID string) ([]AssignmentRow, error) {
	var parts, dated, undated []Assignment
	if err := qClientOpenAll(s.read(ctx), pid, clientID, summaryLimit).Find(&parts).Error; err != nil {
		return nil, fmt.Errorf("store: open work: %w", err)
	}
	for _, a := range parts {
		if a.DueOn != nil {
			dated = append(dated, a)
		} else {
			undated = append(undated, a)
		}
	}
	byDue(dated)
	byID(undated)
	all, _ := cutRows(append(dated, undated...), summaryLimit)
	rows, err := s.decorate(ctx, all)
	if err != nil {
		return nil, fmt.Errorf("store: open work: %w", err)
	}
	return rows, nil
}

// MarkSessionHeld records that a session with one of pid's clients was
// held on a date (midnight UTC); the next summary starts there by default.
func (s *Store) MarkSessionHeld(ctx context.Context, pid, clientID string, on time.Time) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Client{}).Where("id = ? AND practitioner_id = ?", clientID, pid).
			Updates(map[string]any{"last_session_on": on, "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("store: mark session held: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.session_held", "client", clientID)
	})
}
