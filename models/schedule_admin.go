package models

import (
	"fmt"

	"gorm.io/gorm"
)

// What other changes do to schedules and courses: a new time zone moves
// their next releases; archiving a client stops them.

// rezoneReleases moves pid's next releases to the release time in their
// new time zone tz (in the transaction that changes it). Enrolments are
// simply asked to plan again: ReleaseDue recomputes their next date.
func (s *Store) rezoneReleases(tx *gorm.DB, pid, tz string) error {
	loc := loadLoc(tz)
	var rows []Schedule
	if err := tx.Where("practitioner_id = ? AND next_release_at IS NOT NULL", pid).Find(&rows).Error; err != nil {
		return fmt.Errorf("store: rezone schedules: %w", err)
	}
	for _, sc := range rows {
		if d, ok := sc.occurrenceDate(sc.NextOccurrence); ok {
			if err := tx.Model(&Schedule{}).Where("id = ?", sc.ID).Update("next_release_at", releaseInstant(d, sc.ReleaseTime, loc)).Error; err != nil {
				return fmt.Errorf("store: rezone schedules: %w", err)
			}
		}
	}
	err := tx.Model(&Enrolment{}).Where("practitioner_id = ? AND stopped_at IS NULL AND completed_at IS NULL", pid).
		Update("next_release_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: rezone courses: %w", err)
	}
	return nil
}

// stopClientReleases stops every schedule and course of a client (in the
// transaction that archives them).
func (s *Store) stopClientReleases(tx *gorm.DB, pid, clientID string) error {
	now := s.now()
	if err := tx.Model(&Schedule{}).Where("practitioner_id = ? AND client_id = ? AND stopped_at IS NULL", pid, clientID).
		Updates(map[string]any{"stopped_at": now, "next_release_at": nil}).Error; err != nil {
		return fmt.Errorf("store: stop schedules: %w", err)
	}
	if err := tx.Model(&Enrolment{}).Where("practitioner_id = ? AND client_id = ? AND stopped_at IS NULL AND completed_at IS NULL", pid, clientID).
		Updates(map[string]any{"stopped_at": now, "next_release_at": nil, "waiting": false}).Error; err != nil {
		return fmt.Errorf("store: stop courses: %w", err)
	}
	return nil
}
