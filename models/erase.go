package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Erasure: the tables that hold anything about one client. A table added
// later with a client_id or assignment_id column must join one of these
// lists (TestErasureCoversEveryTable fails until it does).
var (
	// erasedByAssignment hold rows of the client's assignments, by
	// assignment_id: answers and drafts, flags, link sessions, link
	// flashes, queued email and its links.
	erasedByAssignment = []string{"responses", "flags", "fill_sessions", "link_flashes", "mail_links", "mail_messages"}
	// erasedByClient hold rows by client_id: notes, scores, the client's
	// own page, queued email, schedules and course enrolments with their
	// releases (so the release job finds nothing more to send them);
	// assignments last, since the lists above find their rows through it.
	erasedByClient = []string{"notes", "scores", "home_sessions", "home_links", "mail_messages",
		"schedules", "course_enrolments", "releases", "assignments"}
)

// EraseClient deletes a client and everything about them, in one
// transaction: every row of every table above, then the client. Their
// links stop working at once (their hashes are gone). One audit event
// remains ("client.erase", the client's random id, no personal data).
// Only the owner may erase, or an admin (asAdmin) any client. On SQLite
// the deleted content is overwritten (secure_delete, see Open) and the
// write-ahead log truncated, so the file keeps no copy.
func (s *Store) EraseClient(ctx context.Context, pid, id string, asAdmin bool) error {
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		q := tx.Model(&Client{}).Where("id = ?", id)
		if !asAdmin {
			q = q.Where("practitioner_id = ?", pid)
		}
		var c Client
		if err := q.First(&c).Error; err != nil {
			return notFound("client", err)
		}
		for _, t := range erasedByAssignment {
			if err := tx.Exec("DELETE FROM "+t+" WHERE assignment_id IN (SELECT id FROM assignments WHERE client_id = ?)", id).Error; err != nil {
				return fmt.Errorf("store: erase client: %s: %w", t, err)
			}
		}
		for _, t := range erasedByClient {
			if err := tx.Exec("DELETE FROM "+t+" WHERE client_id = ?", id).Error; err != nil {
				return fmt.Errorf("store: erase client: %s: %w", t, err)
			}
		}
		if err := tx.Exec("DELETE FROM clients WHERE id = ?", id).Error; err != nil {
			return fmt.Errorf("store: erase client: %w", err)
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.erase", "client", id)
	})
	if err != nil {
		return err
	}
	if IsSQLite(s.db) {
		// The erasure is committed whatever this says: a checkpoint kept
		// busy leaves the old pages to the next one.
		if err := s.ctx(ctx).Exec("PRAGMA wal_checkpoint(TRUNCATE)").Error; err != nil {
			return fmt.Errorf("store: erase client: checkpoint: %w", err)
		}
	}
	return nil
}
