package models

import (
	"context"
	"fmt"
	"time"
)

// SubmittedSince returns one of pid's client's assignments submitted at or
// after since, oldest first, with answers, scores and flags (at most 50).
func (s *Store) SubmittedSince(ctx context.Context, pid, clientID string, since time.Time) ([]*AssignmentView, error) {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	var rows []Assignment
	err := s.ctx(ctx).Where("practitioner_id = ? AND client_id = ? AND status IN ? AND submitted_at >= ?",
		pid, clientID, []string{StatusSubmitted, StatusReviewed}, since).Order("submitted_at, id").Limit(50).Find(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: submitted since: %w", err)
	}
	out := make([]*AssignmentView, 0, len(rows))
	for _, a := range rows {
		v, err := s.assignmentView(ctx, a)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}

// MarkSummaryPrinted records when a session summary was made, so the next
// one starts from there by default.
func (s *Store) MarkSummaryPrinted(ctx context.Context, pid, clientID string) error {
	res := s.ctx(ctx).Model(&Client{}).Where("id = ? AND practitioner_id = ?", clientID, pid).Update("last_summary_at", s.now())
	if res.Error != nil {
		return fmt.Errorf("store: mark summary: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}
