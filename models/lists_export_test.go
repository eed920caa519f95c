package models

import (
	"time"

	"gorm.io/gorm"
)

// ListQuery is one list's query exactly as the store builds it.
type ListQuery struct {
	Name  string // what it lists
	Index string // the index its plan must use
	SQL   string
	Vars  []any
}

// ListQueries builds every practitioner list's query (the builders the
// store calls) for pid and one of its clients, without running them.
func ListQueries(db *gorm.DB, pid, clientID string, now time.Time) []ListQuery {
	today := now.Truncate(24 * time.Hour)
	page := Page{Cursor: "ffffffff", Limit: 20}
	var out []ListQuery
	add := func(name, index string, q func(*gorm.DB) *gorm.DB, dest any) {
		st := q(db.Session(&gorm.Session{DryRun: true, NewDB: true})).Find(dest).Statement
		out = append(out, ListQuery{name, index, st.SQL.String(), st.Vars})
	}
	as := &[]Assignment{}
	add("assignments", "idx_assignments_owner", func(q *gorm.DB) *gorm.DB { return qAssignments(q, pid, AssignmentFilter{}, page) }, as)
	add("assignments first page", "idx_assignments_owner", func(q *gorm.DB) *gorm.DB { return qAssignments(q, pid, AssignmentFilter{}, Page{}) }, as)
	for _, st := range []string{StatusAssigned, StatusInProgress, StatusSubmitted, StatusReviewed, StatusCancelled} {
		add("assignments status="+st, "idx_assignments_owner_status", func(q *gorm.DB) *gorm.DB {
			return qAssignments(q, pid, AssignmentFilter{Status: st}, page)
		}, as)
	}
	add("a client's assignments", "idx_assignments_owner_client", func(q *gorm.DB) *gorm.DB {
		return qAssignments(q, pid, AssignmentFilter{ClientID: clientID}, page)
	}, as)
	add("awaiting review", "idx_assignments_owner_submitted", func(q *gorm.DB) *gorm.DB { return qAwaitingReview(q, pid, 21) }, as)
	add("overdue", "idx_assignments_owner_due", func(q *gorm.DB) *gorm.DB { return qOpenDue(q, pid, time.Time{}, today, 21) }, as)
	add("due soon", "idx_assignments_owner_due", func(q *gorm.DB) *gorm.DB { return qOpenDue(q, pid, today, today.AddDate(0, 0, 8), 21) }, as)
	for _, st := range openStatuses {
		for _, dated := range []bool{true, false} {
			add("a client's open work "+st, "idx_assignments_client_due", func(q *gorm.DB) *gorm.DB {
				return qClientOpen(q, pid, clientID, st, dated, summaryLimit)
			}, as)
		}
	}
	add("a client's submissions in a period", "idx_assignments_client_submitted", func(q *gorm.DB) *gorm.DB {
		return qClientSubmitted(q.Where("submitted_at >= ? AND submitted_at < ?", today.AddDate(0, 0, -14), today), pid, clientID)
	}, as)
	add("status counts", "assignment_counts", func(q *gorm.DB) *gorm.DB { return qStatusCounts(q, pid) }, &[]struct {
		Status string
		N      int64
	}{})
	add("unacknowledged flags", "idx_flags_owner_open", func(q *gorm.DB) *gorm.DB { return qFlagBuckets(q, pid, 21) }, &[]Flag{})
	add("released today", "idx_releases_owner_released", func(q *gorm.DB) *gorm.DB { return qReleasedSince(q, pid, today, 21) }, &[]Release{})
	add("count of unacknowledged flags", "idx_flags_owner_open", func(q *gorm.DB) *gorm.DB {
		return qUnackFlagCount(q, pid).Select("count(*)")
	}, &[]int64{})
	add("clients", "idx_clients_owner", func(q *gorm.DB) *gorm.DB { return qClients(q, pid, false, page) }, &[]Client{})
	add("archived clients", "idx_clients_owner", func(q *gorm.DB) *gorm.DB { return qClients(q, pid, true, page) }, &[]Client{})
	out = append(out, ListQuery{"a client's scores", "idx_scores_owner_client", scoreHistorySQL, []any{pid, clientID}})
	add("a client's notes", "idx_notes_owner_client", func(q *gorm.DB) *gorm.DB { return qNotes(q, pid, clientID, "") }, &[]Note{})
	return out
}
