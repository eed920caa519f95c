package models

import (
	"context"
	"fmt"
	"time"
)

// How long finished outbox rows are kept.
const (
	OutboxKeep        = 30 * 24 * time.Hour
	OutboxKeepTrouble = 90 * 24 * time.Hour
	OutboxKeepUnsub   = 365 * 24 * time.Hour
)

// outboxFinal are the statuses a message never leaves.
var outboxFinal = []string{OutboxSent, OutboxSkipped, OutboxFailed, OutboxUnsure}

// Housekeep deletes what has expired: rate-limit events older than a day,
// practitioner sessions past their idle or absolute limit, login
// challenges past theirs, new links never shown, and client fill and
// own-page sessions idle for longer than fillIdle, and finished outbox rows
// (their bodies are already gone) once nobody needs them: practitioner
// mail after OutboxKeep (OutboxKeepTrouble when it failed or is uncertain,
// so the admin sees it), client mail after OutboxKeepUnsub, as its
// unsubscribe link works as long as the row is kept. It never touches
// answers.
func (s *Store) Housekeep(ctx context.Context, sessionIdle, sessionMax, fillIdle time.Duration) error {
	now := s.now()
	steps := []struct {
		name string
		run  func() error
	}{
		{"rate events", func() error {
			return s.ctx(ctx).Where("created_at < ?", now.Add(-24*time.Hour)).Delete(&RateEvent{}).Error
		}},
		{"sessions", func() error {
			return s.ctx(ctx).Where("last_seen_at < ? OR created_at < ?", now.Add(-sessionIdle), now.Add(-sessionMax)).Delete(&Session{}).Error
		}},
		{"link flashes", func() error {
			return s.ctx(ctx).Where("created_at < ?", now.Add(-LinkFlashTTL)).Delete(&LinkFlash{}).Error
		}},
		{"login challenges", func() error {
			return s.ctx(ctx).Where("created_at < ?", now.Add(-LoginChallengeTTL)).Delete(&LoginChallenge{}).Error
		}},
		{"fill sessions", func() error {
			return s.ctx(ctx).Where("last_seen_at < ? OR created_at < ?", now.Add(-fillIdle), now.Add(-FillSessionMax)).Delete(&FillSession{}).Error
		}},
		{"home sessions", func() error {
			return s.ctx(ctx).Where("last_seen_at < ? OR created_at < ?", now.Add(-fillIdle), now.Add(-FillSessionMax)).Delete(&HomeSession{}).Error
		}},
		{"outbox", func() error {
			q := s.ctx(ctx).Where("(unsub_hash = '' AND status IN ? AND updated_at < ?)"+
				" OR (unsub_hash = '' AND status IN ? AND updated_at < ?)"+
				" OR (unsub_hash <> '' AND status IN ? AND updated_at < ?)",
				[]string{OutboxSent, OutboxSkipped}, now.Add(-OutboxKeep),
				[]string{OutboxFailed, OutboxUnsure}, now.Add(-OutboxKeepTrouble),
				outboxFinal, now.Add(-OutboxKeepUnsub))
			return q.Delete(&MailMessage{}).Error
		}},
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			return fmt.Errorf("store: housekeeping %s: %w", st.name, err)
		}
	}
	return nil
}
