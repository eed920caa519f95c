package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// RemindersDue is the periodic job that queues due reminders and digests.
type RemindersDue struct{}

// Kind names the job.
func (RemindersDue) Kind() string { return "mail_reminders_due" }

// remindGap is the time between two overdue reminders; a reminder is not
// sent within minGap of the assignment's creation (the invitation just went).
const (
	remindGap = 72 * time.Hour
	minGap    = 12 * time.Hour
)

// reminderDue says which reminder, if any, is due at now for an
// assignment due on due (the start of the due date in the practitioner's
// time zone) and created at created:
// before-reminder k (k = 1 the day before) from due−k days until the next
// one starts; overdue reminder k from the day after due + (k−1)·remindGap
// for remindGap. Only the latest due one: a job that did not run for days
// sends one reminder, not a pile.
func reminderDue(now, due, created time.Time, before, overdue int) (kind string, n int) {
	end := due.Add(24 * time.Hour)
	for k := overdue; k >= 1; k-- {
		at := end.Add(time.Duration(k-1) * remindGap)
		if !now.Before(at) && now.Before(at.Add(remindGap)) {
			return MailOverdue, k
		}
	}
	for k := 1; k <= before; k++ {
		at, until := due.AddDate(0, 0, -k), due.AddDate(0, 0, -k+1)
		if k == 1 {
			until = end
		}
		if !now.Before(at) && now.Before(until) {
			if at.Before(created.Add(minGap)) {
				return "", 0
			}
			return MailReminder, k
		}
	}
	return "", 0
}

// QueueReminders queues every reminder due at now, each in its own short
// transaction; a dedupe key per assignment, kind and number makes running
// it again (or on two instances) queue nothing twice. Only assignments
// still open, with a kept link, for clients Tend may email.
func (s *Store) QueueReminders(ctx context.Context, now time.Time) (int, error) {
	if !s.mail.Email {
		return 0, nil
	}
	type row struct {
		Assignment
		TokenEnc      string
		RemindBefore  int
		RemindOverdue int
		TimeZone      string
	}
	var rows []row
	err := s.ctx(ctx).Table("assignments").
		Select("assignments.*, mail_links.token_enc, practitioners.remind_before, practitioners.remind_overdue, practitioners.time_zone").
		Joins("JOIN mail_links ON mail_links.assignment_id = assignments.id").
		Joins("JOIN clients ON clients.id = assignments.client_id").
		Joins("JOIN practitioners ON practitioners.id = assignments.practitioner_id").
		Where("assignments.status IN ? AND assignments.due_on IS NOT NULL AND assignments.link_revoked_at IS NULL AND assignments.link_expires_at > ?",
			[]string{StatusAssigned, StatusInProgress}, now).
		Where("clients.send_email = ? AND clients.email_enc <> '' AND clients.unsubscribed_at IS NULL AND clients.archived_at IS NULL", true).
		Where("practitioners.disabled_at IS NULL").
		Scan(&rows).Error
	if err != nil {
		return 0, fmt.Errorf("store: reminders: %w", err)
	}
	queued := 0
	for _, r := range rows {
		// A due date is stored as midnight UTC of the date; the day
		// before and the day after are the practitioner's days.
		d := r.DueOn.UTC()
		due := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loadLoc(r.TimeZone))
		kind, n := reminderDue(now, due, r.CreatedAt.UTC(), r.RemindBefore, r.RemindOverdue)
		if kind == "" {
			continue
		}
		tok, err := s.crypt.Decrypt(r.TokenEnc, mailLinkAAD(r.ID))
		if err != nil {
			return queued, fmt.Errorf("store: reminder link: %w", err)
		}
		ok, err := s.queueMailNow(ctx, MailMessage{PractitionerID: r.PractitionerID, ClientID: r.ClientID, AssignmentID: r.ID,
			Kind: kind, DedupeKey: fmt.Sprintf("%s:%s:%d", kind, r.ID, n)}, func(tx *gorm.DB) MailPayload {
			c := Client{ID: r.ClientID, PractitionerID: r.PractitionerID}
			return MailPayload{LinkPath: ClientLinkPath(tx, c, string(tok)), Overdue: kind == MailOverdue}
		}, now)
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}

// digestHour is the hour of the practitioner's morning from which their
// daily digest is sent.
const digestHour = 7

// QueueDigests queues, for each practitioner who asked for it, one digest
// per day of their own time zone, from digestHour on, counting the
// worksheets submitted on their day before (none when there were none).
// Idempotent by its dedupe key (practitioner and local date).
func (s *Store) QueueDigests(ctx context.Context, now time.Time) (int, error) {
	if !s.mail.Email {
		return 0, nil
	}
	var ps []Practitioner
	err := s.ctx(ctx).Select("id", "time_zone").
		Where("mail_digest = ? AND disabled_at IS NULL", true).Find(&ps).Error
	if err != nil {
		return 0, fmt.Errorf("store: digests: %w", err)
	}
	queued := 0
	for _, p := range ps {
		local := now.In(loadLoc(p.TimeZone))
		if local.Hour() < digestHour {
			continue
		}
		day := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, local.Location())
		var n int64
		err := s.ctx(ctx).Model(&Assignment{}).
			Where("practitioner_id = ? AND status IN ? AND submitted_at >= ? AND submitted_at < ?", p.ID, []string{StatusSubmitted, StatusReviewed}, day.AddDate(0, 0, -1).UTC(), day.UTC()).
			Count(&n).Error
		if err != nil {
			return queued, fmt.Errorf("store: digests: %w", err)
		}
		if n == 0 {
			continue
		}
		ok, err := s.queueMailNow(ctx, MailMessage{PractitionerID: p.ID, Kind: MailDigest,
			DedupeKey: "digest:" + p.ID + ":" + day.Format("2006-01-02")},
			func(*gorm.DB) MailPayload { return MailPayload{Count: int(n)} }, now)
		if err != nil {
			return queued, err
		}
		if ok {
			queued++
		}
	}
	return queued, nil
}

// queueMailNow queues one computed message in a transaction of its own.
func (s *Store) queueMailNow(ctx context.Context, m MailMessage, payload func(tx *gorm.DB) MailPayload, now time.Time) (queued bool, err error) {
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		queued, err = s.queueMail(ctx, tx, m, payload(tx), now)
		return err
	})
	return queued, err
}
