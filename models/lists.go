package models

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// The practitioner's lists, one query builder each. Every builder's filter
// and order match an index of step 9 (owner first, then the filter's
// columns, then the order's), so a page reads its few rows straight from the
// index, without sorting the history: it costs the same at 1,000 and at
// 100,000 assignments. A filter on several statuses is one query per status,
// merged here, because one index range cannot give two statuses in one
// order. TestListQueryPlans checks each builder's plan on both databases.

// qAssignments is a page of pid's assignments, newest first
// (idx_assignments_owner, _owner_status, _owner_client).
func qAssignments(db *gorm.DB, pid string, f AssignmentFilter, p Page) *gorm.DB {
	q := db.Where("practitioner_id = ?", pid)
	if f.Status != "" {
		q = q.Where("status = ?", f.Status)
	}
	if f.ClientID != "" {
		q = q.Where("client_id = ?", f.ClientID)
	}
	return pageQuery(q, p)
}

// qClients is a page of pid's clients, newest first (idx_clients_owner).
// Names are sealed: a name search adds the blind index's conditions
// (Crypter.nameSearch) to this query; the index column is matched, never
// read.
func qClients(db *gorm.DB, pid string, archived bool, p Page) *gorm.DB {
	q := db.Omit("name_index").Where("practitioner_id = ?", pid)
	if archived {
		q = q.Where("archived_at IS NOT NULL")
	} else {
		q = q.Where("archived_at IS NULL")
	}
	return pageQuery(q, p)
}

// qAwaitingReview is pid's submitted work, newest submission first
// (idx_assignments_owner_submitted).
func qAwaitingReview(db *gorm.DB, pid string, limit int) *gorm.DB {
	return db.Where("practitioner_id = ? AND status = ?", pid, StatusSubmitted).
		Order("submitted_at DESC").Order("id DESC").Limit(limit)
}

// qDue is pid's assignments in one open status due in [from, to), soonest
// first; a zero from means "any date" (idx_assignments_owner_due).
func qDue(db *gorm.DB, pid, status string, from, to time.Time, limit int) *gorm.DB {
	q := db.Where("practitioner_id = ? AND status = ?", pid, status)
	if from.IsZero() {
		q = q.Where("due_on IS NOT NULL AND due_on < ?", to)
	} else {
		q = q.Where("due_on >= ? AND due_on < ?", from, to)
	}
	return q.Order("due_on").Order("id").Limit(limit)
}

// qClientOpen is one client's assignments in one open status, dated ones
// soonest first or undated ones oldest first (idx_assignments_client_due).
func qClientOpen(db *gorm.DB, pid, clientID, status string, dated bool, limit int) *gorm.DB {
	q := db.Where("practitioner_id = ? AND client_id = ? AND status = ?", pid, clientID, status)
	if dated {
		return q.Where("due_on IS NOT NULL").Order("due_on").Order("id").Limit(limit)
	}
	return q.Where("due_on IS NULL").Order("id").Limit(limit)
}

// qClientOpenAll is qClientOpen for every open status, dated and undated,
// in one statement (the caller merges them: byDue, then byID).
func qClientOpenAll(db *gorm.DB, pid, clientID string, limit int) *gorm.DB {
	var parts []*gorm.DB
	for _, st := range openStatuses {
		for _, dated := range []bool{true, false} {
			parts = append(parts, qClientOpen(db.Model(&Assignment{}), pid, clientID, st, dated, limit))
		}
	}
	return unionAll(db, parts)
}

// qClientSubmitted is one client's submitted (and reviewed) work, oldest
// submission first (idx_assignments_client_submitted).
func qClientSubmitted(q *gorm.DB, pid, clientID string) *gorm.DB {
	return q.Where("practitioner_id = ? AND client_id = ? AND status IN ?", pid, clientID, []string{StatusSubmitted, StatusReviewed}).
		Order("submitted_at").Order("id").Limit(summaryLimit)
}

// qOpenDue is qDue for every open status in one statement (the caller
// merges them, byDue).
func qOpenDue(db *gorm.DB, pid string, from, to time.Time, limit int) *gorm.DB {
	parts := make([]*gorm.DB, len(openStatuses))
	for i, st := range openStatuses {
		parts[i] = qDue(db.Model(&Assignment{}), pid, st, from, to, limit)
	}
	return unionAll(db, parts)
}

// qFlagBuckets is qUnackFlags for every bucket of Today's flag order in one
// statement (the caller orders them, byBucket).
func qFlagBuckets(db *gorm.DB, pid string, limit int) *gorm.DB {
	parts := make([]*gorm.DB, len(flagBuckets))
	for i, b := range flagBuckets {
		parts[i] = qUnackFlags(db.Model(&Flag{}), pid, b.severity, b.withdrawn, limit)
	}
	return unionAll(db, parts)
}

// unionAll is parts in one statement, one round trip: each part keeps its
// own index, order and limit, and their rows come back in no promised
// order, so the caller sorts what it merges (a few limits' worth of rows).
func unionAll(db *gorm.DB, parts []*gorm.DB) *gorm.DB {
	sql := make([]string, len(parts))
	vars := make([]any, len(parts))
	for i, p := range parts {
		sql[i] = fmt.Sprintf("SELECT * FROM (?) AS u%d", i)
		vars[i] = p
	}
	return db.Raw(strings.Join(sql, " UNION ALL "), vars...)
}

// qUnackFlags is pid's unacknowledged flags of one severity, standing or
// withdrawn, newest first (idx_flags_owner_open).
func qUnackFlags(db *gorm.DB, pid, severity string, withdrawn bool, limit int) *gorm.DB {
	q := db.Where("practitioner_id = ? AND acknowledged_at IS NULL AND severity = ?", pid, severity)
	if withdrawn {
		q = q.Where("withdrawn_at IS NOT NULL")
	} else {
		q = q.Where("withdrawn_at IS NULL")
	}
	return q.Order("created_at DESC").Order("id DESC").Limit(limit)
}

// qReleasedSince is pid's releases since a time, newest first
// (idx_releases_owner_released).
func qReleasedSince(db *gorm.DB, pid string, since time.Time, limit int) *gorm.DB {
	return db.Where("practitioner_id = ? AND released_at >= ?", pid, since).Order("released_at DESC").Order("id DESC").Limit(limit)
}

// qUnackFlagCount is pid's unacknowledged flags, to count (the head of
// idx_flags_owner_open).
func qUnackFlagCount(db *gorm.DB, pid string) *gorm.DB {
	return db.Model(&Flag{}).Where("practitioner_id = ? AND acknowledged_at IS NULL", pid)
}

// qStatusCounts is pid's kept counts by status (AssignmentCount, its
// primary key).
func qStatusCounts(db *gorm.DB, pid string) *gorm.DB {
	return db.Model(&AssignmentCount{}).Select("status, n").Where("practitioner_id = ?", pid)
}

// qNotes is one client's notes (or one assignment's), oldest first
// (idx_notes_owner_client).
func qNotes(db *gorm.DB, pid, clientID, assignmentID string) *gorm.DB {
	q := db.Where("practitioner_id = ? AND client_id = ?", pid, clientID)
	if assignmentID != "" {
		q = q.Where("assignment_id = ?", assignmentID)
	}
	return q.Order("id").Limit(1000)
}

// flagBuckets is Today's flag order: standing before withdrawn, then high,
// medium, low.
var flagBuckets = func() (out []struct {
	severity  string
	withdrawn bool
}) {
	for _, w := range []bool{false, true} {
		for _, sev := range []string{worksheets.SeverityHigh, worksheets.SeverityMedium, worksheets.SeverityLow} {
			out = append(out, struct {
				severity  string
				withdrawn bool
			}{sev, w})
		}
	}
	return out
}()

// byBucket orders flags as Today shows them: by flagBuckets, then newest
// first.
func byBucket(rows []Flag) {
	bucket := func(f Flag) int {
		for i, b := range flagBuckets {
			if b.severity == f.Severity && b.withdrawn == (f.WithdrawnAt != nil) {
				return i
			}
		}
		return len(flagBuckets)
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if ba, bb := bucket(a), bucket(b); ba != bb {
			return ba < bb
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.After(b.CreatedAt)
		}
		return a.ID > b.ID
	})
}

// byDue orders assignments soonest due first, then by id (the merge of one
// query per status).
func byDue(rows []Assignment) {
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i].DueOn, rows[j].DueOn
		if !a.Equal(*b) {
			return a.Before(*b)
		}
		return rows[i].ID < rows[j].ID
	})
}

// byID orders assignments oldest first.
func byID(rows []Assignment) {
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].ID < rows[j].ID })
}
