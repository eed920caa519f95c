package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// maxReminders bounds each of a practitioner's reminder counts.
const maxReminders = 5

// UpdateMailSettings saves what Tend emails for practitioner pid.
func (s *Store) UpdateMailSettings(ctx context.Context, pid string, ms MailSettings) error {
	var probs []FieldProblem
	if ms.RemindBefore < 0 || ms.RemindBefore > maxReminders {
		probs = append(probs, FieldProblem{"remind_before", fmt.Sprintf("must be from 0 to %d", maxReminders)})
	}
	if ms.RemindOverdue < 0 || ms.RemindOverdue > maxReminders {
		probs = append(probs, FieldProblem{"remind_overdue", fmt.Sprintf("must be from 0 to %d", maxReminders)})
	}
	if len(probs) > 0 {
		return &ValidationError{probs}
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Practitioner{}).Where("id = ?", pid).Updates(map[string]any{"mail_show_name": ms.MailShowName,
			"remind_before": ms.RemindBefore, "remind_overdue": ms.RemindOverdue, "mail_digest": ms.MailDigest, "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("store: mail settings: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "practitioner.mail_settings", "practitioner", pid)
	})
}
