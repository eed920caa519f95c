package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

func clientEmailAAD(id string) string { return "clients.email|" + id }

// encryptEmail encrypts a client's address for row id ("" stays "").
func (s *Store) encryptEmail(id, email string) (string, error) {
	if email == "" {
		return "", nil
	}
	return s.crypt.Encrypt([]byte(email), clientEmailAAD(id))
}

// ClientEmail decrypts a client's address ("" when none).
func (s *Store) ClientEmail(c Client) (string, error) {
	if c.EmailEnc == "" {
		return "", nil
	}
	b, err := s.crypt.Decrypt(c.EmailEnc, clientEmailAAD(c.ID))
	if err != nil {
		return "", fmt.Errorf("store: client email: %w", err)
	}
	return string(b), nil
}

// MaskedEmail is a client's address as lists and JSON show it:
// "l***@example.org" ("" when none or unreadable).
func (s *Store) MaskedEmail(c Client) string {
	e, err := s.ClientEmail(c)
	if err != nil {
		return ""
	}
	return MaskEmail(e)
}

// MaskEmail keeps an address's first letter and its domain.
func MaskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" {
		return ""
	}
	return string([]rune(local)[:1]) + "***@" + domain
}

// Emailable reports whether Tend may write to the client now.
func (c Client) Emailable() bool {
	return c.SendEmail && c.EmailEnc != "" && c.UnsubscribedAt == nil && c.ArchivedAt == nil
}

// EncryptClientEmails moves addresses that releases before step 14 kept
// in plain text (clients.email) into the encrypted column, a batch per
// transaction; rerunning finds nothing to do.
func (s *Store) EncryptClientEmails(ctx context.Context) (int, error) {
	moved := 0
	for {
		var rows []Client
		if err := s.ctx(ctx).Select("id", "email").Where("email <> ''").Limit(200).Find(&rows).Error; err != nil {
			return moved, fmt.Errorf("store: read plain client emails: %w", err)
		}
		if len(rows) == 0 {
			return moved, nil
		}
		err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
			for _, c := range rows {
				enc, err := s.encryptEmail(c.ID, NormalizeEmail(c.LegacyEmail))
				if err != nil {
					return err
				}
				if err := tx.Model(&Client{}).Where("id = ? AND email = ?", c.ID, c.LegacyEmail).
					Updates(map[string]any{"email_enc": enc, "email": ""}).Error; err != nil {
					return err
				}
				moved++
			}
			return nil
		})
		if err != nil {
			return moved, fmt.Errorf("store: encrypt client emails: %w", err)
		}
	}
}
