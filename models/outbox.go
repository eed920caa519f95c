package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Outgoing is a message claimed for one delivery try: its row, its
// decrypted payload and whom it goes to.
type Outgoing struct {
	Message MailMessage
	Payload MailPayload
	To      string // the address ("" for the webhook)
	// FromName is the practitioner's name when they let client emails show it.
	FromName string
}

// Delivery is the outcome of one try.
type Delivery struct {
	Sent bool
	// Retry: the relay refused before taking the message (nothing was
	// sent), so another try is safe. Otherwise a failed try may have been
	// delivered and is never repeated.
	Retry bool
	// Refused: the relay refused it for good; nothing was sent.
	Refused bool
	Err     string // the relay's words, never the message
}

// BeginDelivery claims message id for a try and records the try (committed
// before anything is sent). It returns nil when there is nothing to send:
// already finished, no longer wanted (skipped), or a try recorded earlier
// never finished — that one may have reached the relay, so it is marked
// uncertain for the admin instead of being sent again.
func (s *Store) BeginDelivery(ctx context.Context, id string) (*Outgoing, error) {
	var out *Outgoing
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var m MailMessage
		if err := tx.Where("id = ?", id).First(&m).Error; err != nil {
			return notFound("outbox message", err)
		}
		switch m.Status {
		case OutboxSending:
			return s.finishTx(tx, m.ID, OutboxUnsure, "a try was cut off after it may have reached the relay; not sent again")
		case OutboxQueued:
		default:
			return nil
		}
		p, err := s.mailPayload(m)
		if err != nil {
			return err
		}
		o := &Outgoing{Message: m, Payload: p}
		if why, err := s.recipient(tx, o); err != nil {
			return err
		} else if why != "" {
			return s.finishTx(tx, m.ID, OutboxSkipped, why)
		}
		now := s.now()
		res := tx.Model(&MailMessage{}).Where("id = ? AND status = ?", m.ID, OutboxQueued).
			Updates(map[string]any{"status": OutboxSending, "attempts": gorm.Expr("attempts + 1"), "attempted_at": now, "updated_at": now})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error // another worker claimed it first
		}
		o.Message.Attempts++
		out = o
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("store: begin delivery: %w", err)
	}
	return out, nil
}

// recipient fills o.To (and FromName), or says why the message is no
// longer to be sent.
func (s *Store) recipient(tx *gorm.DB, o *Outgoing) (skip string, err error) {
	m := o.Message
	var p Practitioner
	if err := tx.Where("id = ?", m.PractitionerID).First(&p).Error; err != nil {
		return "", notFound("practitioner", err)
	}
	if p.DisabledAt != nil {
		return "the account is disabled", nil
	}
	switch m.Kind {
	case MailWebhook:
		return "", nil
	case MailTest:
		o.To = o.Payload.To
		return "", nil
	case MailFlagAlert, MailDigest:
		o.To = p.Email
		return "", nil
	}
	if !s.mail.Email {
		return "email is off", nil
	}
	var c Client
	if err := tx.Where("id = ? AND practitioner_id = ?", m.ClientID, m.PractitionerID).First(&c).Error; err != nil {
		return "", notFound("client", err)
	}
	if !c.Emailable() {
		return "the client is not to be emailed (unsubscribed, switched off or archived)", nil
	}
	var a Assignment
	if err := tx.Select("id", "status").Where("id = ?", m.AssignmentID).First(&a).Error; err != nil {
		return "", notFound("assignment", err)
	}
	if a.Status != StatusAssigned && a.Status != StatusInProgress {
		return "the worksheet was sent or cancelled", nil
	}
	if o.To, err = s.ClientEmail(c); err != nil {
		return "", err
	}
	if p.MailShowName {
		o.FromName = p.Name
	}
	return "", nil
}

// FinishDelivery records a try's outcome: sent (the payload is deleted),
// queued again for a safe retry, failed after the last try, or uncertain.
// A retry is the next job, enqueued in the same transaction at
// retryAfter(tries); done (the running job's completion) commits with it
// too, so a crash leaves either the try unfinished or its outcome whole.
// again reports that the message waits for another try.
func (s *Store) FinishDelivery(ctx context.Context, o *Outgoing, d Delivery, done func(tx *gorm.DB) error) (again bool, err error) {
	status := OutboxSent
	switch {
	case d.Sent:
	case d.Retry && o.Message.Attempts < s.mail.MaxAttempts:
		status, again = OutboxQueued, true
	case d.Retry || d.Refused:
		status = OutboxFailed
	default:
		status = OutboxUnsure
	}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := s.finishTx(tx, o.Message.ID, status, d.Err); err != nil {
			return err
		}
		if again {
			n := o.Message.Attempts
			err := s.EnqueueTx(ctx, tx, DeliverMessage{ID: o.Message.ID}, EnqueueOpts{RunAt: s.now().Add(retryAfter(n)),
				UniqueKey: fmt.Sprintf("mail:%s:%d", o.Message.ID, n), MaxAttempts: s.mail.MaxAttempts})
			if err != nil {
				return err
			}
		}
		if done == nil {
			return nil
		}
		return done(tx)
	})
	return again, err
}

// retryAfter is the wait after try n: n⁴ seconds (1 s, 16 s, 81 s … about
// four hours after the eleventh), eleven hours in all over twelve tries.
func retryAfter(n int) time.Duration { return time.Duration(n*n*n*n) * time.Second }

// finishTx moves a message to status; every end state deletes the payload.
func (s *Store) finishTx(tx *gorm.DB, id, status, why string) error {
	upd := map[string]any{"status": status, "last_error": cut(why, 500), "updated_at": s.now()}
	if status != OutboxQueued {
		upd["payload_enc"] = ""
	}
	if status == OutboxSent {
		upd["sent_at"] = s.now()
	}
	return tx.Model(&MailMessage{}).Where("id = ? AND status IN ?", id, []string{OutboxQueued, OutboxSending}).Updates(upd).Error
}

func cut(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// Unsubscribe records a client's one-click "no more email" from the token
// of any message Tend sent them; repeating it changes nothing. An unknown
// token is ErrNotFound.
func (s *Store) Unsubscribe(ctx context.Context, token string) error {
	if token == "" {
		return ErrNotFound
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var m MailMessage
		if err := tx.Select("id", "client_id").Where("unsub_hash = ? AND client_id <> ''", HashToken(token)).First(&m).Error; err != nil {
			return notFound("unsubscribe", err)
		}
		res := tx.Model(&Client{}).Where("id = ? AND unsubscribed_at IS NULL", m.ClientID).Update("unsubscribed_at", s.now())
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		return s.audit(ctx, tx, Actor{Type: "client", ID: "unsubscribe"}, "client.unsubscribe", "client", m.ClientID)
	})
}

// OutboxCount is how many messages are in each status.
func (s *Store) OutboxCount(ctx context.Context) (map[string]int64, error) {
	var rows []struct {
		Status string
		N      int64
	}
	if err := s.ctx(ctx).Model(&MailMessage{}).Select("status, COUNT(*) AS n").Group("status").Scan(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: outbox count: %w", err)
	}
	out := map[string]int64{}
	for _, r := range rows {
		out[r.Status] = r.N
	}
	return out, nil
}

// Outbox lists messages (newest first) for the admin: kind, status, tries
// and the relay's error, never whom or what. status "" is every status.
func (s *Store) Outbox(ctx context.Context, status string, p Page) ([]MailMessage, string, error) {
	q := s.ctx(ctx).Model(&MailMessage{}).Omit("payload_enc")
	if status != "" {
		q = q.Where("status = ?", status)
	}
	rows, next, err := paginate(pageQuery(q, p), p, func(m MailMessage) string { return m.ID })
	if err != nil {
		return nil, "", fmt.Errorf("store: outbox: %w", err)
	}
	return rows, next, nil
}

// QueueTestMail queues a test message from the admin to address to.
func (s *Store) QueueTestMail(ctx context.Context, pid, to string) error {
	if !s.mail.Email {
		return errors.New("email is off")
	}
	if NormalizeEmail(to) == "" {
		return &ValidationError{[]FieldProblem{{"to", "must be an email address"}}}
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		_, err := s.queueMail(ctx, tx, MailMessage{PractitionerID: pid, Kind: MailTest, DedupeKey: "test:" + newID()},
			MailPayload{To: NormalizeEmail(to)}, time.Time{})
		if err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "mail.test", "practitioner", pid)
	})
}
