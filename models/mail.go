package models

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// MailSettings are a practitioner's email choices.
type MailSettings struct {
	// MailShowName lets client emails name the practitioner.
	MailShowName bool `gorm:"not null;default:false"`
	// RemindBefore and RemindOverdue are how many reminders a client gets
	// before the due date and after it passed (0 = none).
	RemindBefore  int `gorm:"not null;default:1"`
	RemindOverdue int `gorm:"not null;default:1"`
	// MailDigest: a daily email counting the submissions of the day before.
	MailDigest bool `gorm:"not null;default:false"`
}

// Kinds of outgoing message.
const (
	MailInvitation = "invitation"
	MailReminder   = "reminder"
	MailOverdue    = "overdue"
	MailFlagAlert  = "flag_alert"
	MailDigest     = "digest"
	MailTest       = "test"
	MailWebhook    = "webhook" // the alert webhook's POST, through the same outbox
)

// Outbox statuses.
const (
	OutboxQueued  = "queued"  // waiting for (another) try
	OutboxSending = "sending" // a try is recorded and not finished
	OutboxSent    = "sent"
	OutboxFailed  = "failed"    // the last try failed
	OutboxUnsure  = "uncertain" // a try was cut after the relay may have accepted it: never resent
	OutboxSkipped = "skipped"   // nothing to send any more (unsubscribed, submitted, email off)
)

// MailMessage is one outgoing message in the outbox. It is written in the
// transaction of the event that causes it; its payload (the links it
// carries) is encrypted and deleted once it is sent. DedupeKey makes the
// same event queue one message however often it is computed.
type MailMessage struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	ClientID       string `gorm:"size:36;not null;default:''"`
	AssignmentID   string `gorm:"size:36;not null;default:''"`
	Kind           string `gorm:"size:20;not null"`
	DedupeKey      string `gorm:"size:200;not null;uniqueIndex"`
	Status         string `gorm:"size:12;not null;index"`
	PayloadEnc     string `gorm:"type:text;not null;default:''"`
	// UnsubHash is the SHA-256 of the message's unsubscribe token (kept
	// after sending, so the link in a delivered message keeps working).
	UnsubHash   string `gorm:"size:64;not null;default:'';index"`
	Attempts    int    `gorm:"not null;default:0"`
	LastError   string `gorm:"size:500;not null;default:''"`
	AttemptedAt *time.Time
	SentAt      *time.Time
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// MailLink keeps an assignment's client link, encrypted, while Tend may
// still email the client about it (reminders); deleted on submit, cancel
// and archive.
type MailLink struct {
	AssignmentID string `gorm:"primaryKey;size:36"`
	TokenEnc     string `gorm:"type:text;not null"`
	CreatedAt    time.Time
}

// MailPayload is what a queued message needs besides its row, encrypted.
type MailPayload struct {
	LinkPath string   `json:"link_path,omitempty"` // the client's page, e.g. /w/TOKEN
	More     []string `json:"more,omitempty"`      // an invitation's further links (several worksheets given at once)
	Unsub    string   `json:"unsub,omitempty"`     // unsubscribe token
	FlagID   string   `json:"flag_id,omitempty"`
	Severity string   `json:"severity,omitempty"`
	Count    int      `json:"count,omitempty"` // digest: submissions
	To       string   `json:"to,omitempty"`    // test message: the address typed
	DueOn    string   `json:"due_on,omitempty"`
	Overdue  bool     `json:"overdue,omitempty"`
}

// DeliverMessage is the job that delivers one outbox message.
type DeliverMessage struct {
	ID string `json:"id"`
}

// Kind names the job.
func (DeliverMessage) Kind() string { return "deliver_message" }

// MailOptions say what Tend sends: Email with a relay configured,
// Webhook with an alert webhook; MaxAttempts tries before failed.
type MailOptions struct {
	Email       bool
	Webhook     bool
	MaxAttempts int
}

// SetMail turns queueing of email and webhook messages on (events queue
// nothing while it is off).
func (s *Store) SetMail(o MailOptions) {
	if o.MaxAttempts <= 0 {
		o.MaxAttempts = 12 // about eleven hours in all (retryAfter)
	}
	s.mail = o
}

// MailOn reports whether email is configured.
func (s *Store) MailOn() bool { return s.mail.Email }

func mailPayloadAAD(id string) string { return "mail_messages.payload|" + id }
func mailLinkAAD(id string) string    { return "mail_links.token|" + id }

// queueMail writes m (ID, Status and DedupeKey filled here when empty)
// with its encrypted payload in tx and enqueues its delivery job, unless a
// message with the same dedupe key exists. queued reports a new row.
func (s *Store) queueMail(ctx context.Context, tx *gorm.DB, m MailMessage, p MailPayload, runAt time.Time) (queued bool, err error) {
	m.ID, m.Status = newID(), OutboxQueued
	if p.Unsub == "" && m.ClientID != "" {
		if p.Unsub, err = NewToken(); err != nil {
			return false, err
		}
	}
	if p.Unsub != "" {
		m.UnsubHash = HashToken(p.Unsub)
	}
	js, err := json.Marshal(p)
	if err != nil {
		return false, err
	}
	if m.PayloadEnc, err = s.crypt.Encrypt(js, mailPayloadAAD(m.ID)); err != nil {
		return false, err
	}
	m.CreatedAt, m.UpdatedAt = s.now(), s.now()
	res := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "dedupe_key"}}, DoNothing: true}).Create(&m)
	if res.Error != nil {
		return false, fmt.Errorf("store: queue mail: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return false, nil
	}
	if !runAt.After(s.now()) {
		// Now: a job with a time waits for River's scheduler (up to 5 s).
		runAt = time.Time{}
	}
	err = s.EnqueueTx(ctx, tx, DeliverMessage{ID: m.ID}, EnqueueOpts{RunAt: runAt, UniqueKey: "mail:" + m.ID, MaxAttempts: s.mail.MaxAttempts})
	if err != nil {
		return false, fmt.Errorf("store: queue mail: %w", err)
	}
	return true, nil
}

// mailPayload decrypts a message's payload ({} once sent).
func (s *Store) mailPayload(m MailMessage) (MailPayload, error) {
	var p MailPayload
	if m.PayloadEnc == "" {
		return p, nil
	}
	js, err := s.crypt.Decrypt(m.PayloadEnc, mailPayloadAAD(m.ID))
	if err != nil {
		return p, err
	}
	return p, json.Unmarshal(js, &p)
}
