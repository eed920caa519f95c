package models

import (
	"context"
	"fmt"
	"time"
)

// Housekeep deletes what has expired: rate-limit events older than a day,
// practitioner sessions past their idle or absolute limit, login
// challenges past theirs, new links never shown, and client fill and
// own-page sessions idle for longer than fillIdle. It never touches answers.
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
	}
	for _, st := range steps {
		if err := st.run(); err != nil {
			return fmt.Errorf("store: housekeeping %s: %w", st.name, err)
		}
	}
	return nil
}
