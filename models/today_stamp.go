package models

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// TodayStamp is a practitioner's change counter for Today: database
// triggers (step 16, SQLite) add one to it in the same transaction as
// every insert, update or delete of one of their assignments, flags,
// clients or releases, whichever code path writes it; the store never
// writes it. Today's page is built from those four tables only (worksheet
// versions never change), so a page built after reading stamp n is still
// exactly right while the stamp reads n and the practitioner's date and
// time zone are the same.
//
// PostgreSQL keeps the table empty: there concurrent writers would all
// wait on each practitioner's one row, and lock it in varying orders
// with assignment_counts' rows; its Today is built on every request.
type TodayStamp struct {
	PractitionerID string `gorm:"primaryKey;size:36"`
	N              int64  `gorm:"not null;default:0"`
}

const todayStampQuery = "SELECT n FROM today_stamps WHERE practitioner_id = $1"

// TodayStamp reads pid's Today stamp; kept is false when this database
// does not keep stamps (PostgreSQL): then nothing built earlier may be
// reused. A practitioner nothing was written for yet reads 0.
func (s *Store) TodayStamp(ctx context.Context, pid string) (stamp int64, kept bool, err error) {
	if !IsSQLite(s.db) {
		return 0, false, nil
	}
	row, err := s.prep.row(ctx, s.rdb, todayStampQuery, pid)
	if err == nil {
		err = row.Scan(&stamp)
	}
	if errors.Is(err, sql.ErrNoRows) {
		return 0, true, nil
	}
	if err != nil {
		return 0, false, fmt.Errorf("store: today stamp: %w", err)
	}
	return stamp, true, nil
}
