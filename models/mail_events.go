package models

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ClientLinkPath is the page an invitation or reminder links to: the
// assignment's own link today.
//
// SEAM (homepage): when the client has their own page switched on, return
// that page's path (with its token) instead; every client email goes
// through here.
func ClientLinkPath(tx *gorm.DB, c Client, assignmentToken string) string {
	_ = tx
	_ = c
	return "/w/" + assignmentToken
}

// FlagPath is the practitioner's page of a flag.
func FlagPath(assignmentID, flagID string) string {
	return "/assignments/" + assignmentID + "#flag-" + flagID
}

// mailInvitation queues one invitation to the assignments just created
// together (their links, in order) in their creating transaction, and
// keeps each link, encrypted, for reminders. It does nothing when email is
// off or the client is not to be emailed. Every way of creating
// assignments (schedule releases too) must come through here.
func (s *Store) mailInvitation(ctx context.Context, tx *gorm.DB, c Client, rows []Assignment, toks []string) error {
	if !s.mail.Email || !c.Emailable() || len(rows) == 0 {
		return nil
	}
	var paths []string
	for i, a := range rows {
		if err := s.keepMailLink(tx, a.ID, toks[i]); err != nil {
			return err
		}
		paths = append(paths, ClientLinkPath(tx, c, toks[i]))
	}
	first := rows[0]
	_, err := s.queueMail(ctx, tx, MailMessage{PractitionerID: first.PractitionerID, ClientID: c.ID, AssignmentID: first.ID,
		Kind: MailInvitation, DedupeKey: "invite:" + first.ID}, MailPayload{LinkPath: paths[0], More: paths[1:]}, s.now())
	return err
}

// keepMailLink stores (or replaces) an assignment's link token, encrypted.
func (s *Store) keepMailLink(tx *gorm.DB, assignmentID, tok string) error {
	enc, err := s.crypt.Encrypt([]byte(tok), mailLinkAAD(assignmentID))
	if err != nil {
		return err
	}
	return tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "assignment_id"}},
		DoUpdates: clause.AssignmentColumns([]string{"token_enc"})}).
		Create(&MailLink{AssignmentID: assignmentID, TokenEnc: enc, CreatedAt: s.now()}).Error
}

// dropMailLinks forgets the kept links of assignments that will not be
// emailed about again (submitted, cancelled, client archived).
func dropMailLinks(tx *gorm.DB, assignmentIDs any) error {
	return tx.Where("assignment_id IN (?)", assignmentIDs).Delete(&MailLink{}).Error
}

// mailFlagAlert queues, in the transaction that stored the answer, the
// practitioner's alert for a high-severity flag (and the webhook's POST):
// one per flag, however often it is raised again.
func (s *Store) mailFlagAlert(ctx context.Context, tx *gorm.DB, f Flag, now time.Time) error {
	if f.Severity != "high" {
		return nil
	}
	p := MailPayload{LinkPath: FlagPath(f.AssignmentID, f.ID), FlagID: f.ID, Severity: f.Severity}
	if s.mail.Email {
		if _, err := s.queueMail(ctx, tx, MailMessage{PractitionerID: f.PractitionerID, AssignmentID: f.AssignmentID,
			Kind: MailFlagAlert, DedupeKey: "flag:" + f.ID}, p, now); err != nil {
			return err
		}
	}
	if s.mail.Webhook {
		if _, err := s.queueMail(ctx, tx, MailMessage{PractitionerID: f.PractitionerID, AssignmentID: f.AssignmentID,
			Kind: MailWebhook, DedupeKey: "hook:" + f.ID}, p, now); err != nil {
			return err
		}
	}
	return nil
}
