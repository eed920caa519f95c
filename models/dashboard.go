package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Today's queries: what a practitioner should look at first. Each is scoped
// to the practitioner, reads at most limit+1 rows and reports whether there
// were more, so the page never loads a whole table.

// FlagRow is an unacknowledged flag with the assignment it was raised on.
type FlagRow struct {
	Flag
	Assignment AssignmentRow
}

// openStatuses are the statuses of work the client still has to do.
var openStatuses = []string{StatusAssigned, StatusInProgress}

func dashLimit(limit int) int {
	if limit <= 0 || limit > 100 {
		return 20
	}
	return limit
}

// cutRows trims rows to limit and reports whether there were more.
func cutRows[T any](rows []T, limit int) ([]T, bool) {
	if len(rows) > limit {
		return rows[:limit], true
	}
	return rows, false
}

// UnacknowledgedFlags lists pid's flags not yet acknowledged: those still
// standing first (draft ones included: a risk answer shows as soon as it
// is saved), then withdrawn ones; high severity first, then newest first.
// Each (standing, severity) group is one indexed query of at most limit+1
// rows; all six go in one statement.
func (s *Store) UnacknowledgedFlags(ctx context.Context, pid string, limit int) ([]FlagRow, bool, error) {
	limit = dashLimit(limit)
	var flags []Flag
	if err := qFlagBuckets(s.read(ctx), pid, limit+1).Find(&flags).Error; err != nil {
		return nil, false, fmt.Errorf("store: unacknowledged flags: %w", err)
	}
	byBucket(flags)
	flags, more := cutRows(flags, limit)
	if err := openRows(s.crypt, flags); err != nil {
		return nil, false, err
	}
	ids := make([]string, 0, len(flags))
	for _, f := range flags {
		ids = append(ids, f.AssignmentID)
	}
	rows, err := s.assignmentRows(ctx, s.read(ctx).Where("practitioner_id = ? AND id IN ?", pid, ids))
	if err != nil {
		return nil, false, err
	}
	byID := map[string]AssignmentRow{}
	for _, r := range rows {
		byID[r.ID] = r
	}
	out := make([]FlagRow, 0, len(flags))
	for _, f := range flags {
		if a, ok := byID[f.AssignmentID]; ok {
			out = append(out, FlagRow{Flag: f, Assignment: a})
		}
	}
	return out, more, nil
}

// AwaitingReview lists pid's submitted assignments not yet reviewed,
// newest submission first.
func (s *Store) AwaitingReview(ctx context.Context, pid string, limit int) ([]AssignmentRow, bool, error) {
	limit = dashLimit(limit)
	rows, err := s.assignmentRows(ctx, qAwaitingReview(s.read(ctx), pid, limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("store: awaiting review: %w", err)
	}
	rows, more := cutRows(rows, limit)
	return rows, more, nil
}

// Overdue lists pid's open assignments due before today (a date, midnight
// UTC, as due dates are stored), the longest overdue first.
func (s *Store) Overdue(ctx context.Context, pid string, today time.Time, limit int) ([]AssignmentRow, bool, error) {
	rows, more, err := s.openDue(ctx, pid, time.Time{}, today, limit)
	if err != nil {
		return nil, false, fmt.Errorf("store: overdue: %w", err)
	}
	return rows, more, nil
}

// DueBetween lists pid's open assignments due on or after from and before
// to (dates), soonest first.
func (s *Store) DueBetween(ctx context.Context, pid string, from, to time.Time, limit int) ([]AssignmentRow, bool, error) {
	rows, more, err := s.openDue(ctx, pid, from, to, limit)
	if err != nil {
		return nil, false, fmt.Errorf("store: due between: %w", err)
	}
	return rows, more, nil
}

// openDue merges one qDue per open status (one statement), soonest first.
func (s *Store) openDue(ctx context.Context, pid string, from, to time.Time, limit int) ([]AssignmentRow, bool, error) {
	limit = dashLimit(limit)
	var all []Assignment
	if err := qOpenDue(s.read(ctx), pid, from, to, limit+1).Find(&all).Error; err != nil {
		return nil, false, err
	}
	byDue(all)
	all, more := cutRows(all, limit)
	rows, err := s.decorate(ctx, all)
	return rows, more, err
}

// StatusCounts counts pid's assignments by status (kept by triggers, so a
// few rows at any caseload).
func (s *Store) StatusCounts(ctx context.Context, pid string) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	err := qStatusCounts(s.read(ctx), pid).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: status counts: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// CountUnacknowledgedFlags counts pid's flags not yet acknowledged.
func (s *Store) CountUnacknowledgedFlags(ctx context.Context, pid string) (int64, error) {
	var n int64
	err := qUnackFlagCount(s.read(ctx), pid).Count(&n).Error
	if err != nil {
		return 0, fmt.Errorf("store: count flags: %w", err)
	}
	return n, nil
}

// assignmentRows runs an assignment query and adds titles and names.
func (s *Store) assignmentRows(ctx context.Context, q *gorm.DB) ([]AssignmentRow, error) {
	var as []Assignment
	if err := q.Find(&as).Error; err != nil {
		return nil, err
	}
	return s.decorate(ctx, as)
}
