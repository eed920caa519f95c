package models

import (
	"context"
	"crypto/rand"
	"fmt"

	"gorm.io/gorm"
)

// newRecoveryCode is 10 random base32 characters (50 bits), shown as
// "xxxxx-xxxxx" in lower case; typed with or without the dash.
func newRecoveryCode() (string, error) {
	raw := make([]byte, 7)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: recovery code: %w", err)
	}
	s := normalizeCode(b32.EncodeToString(raw))[:10]
	return s[:5] + "-" + s[5:], nil
}

// replaceRecoveryCodes deletes pid's recovery codes and makes
// RecoveryCodeCount new ones inside tx; it returns them for showing once.
func (s *Store) replaceRecoveryCodes(tx *gorm.DB, pid string) ([]string, error) {
	if err := tx.Where("practitioner_id = ?", pid).Delete(&RecoveryCode{}).Error; err != nil {
		return nil, err
	}
	codes := make([]string, RecoveryCodeCount)
	rows := make([]RecoveryCode, RecoveryCodeCount)
	for i := range codes {
		c, err := newRecoveryCode()
		if err != nil {
			return nil, err
		}
		codes[i] = c
		rows[i] = RecoveryCode{ID: newID(), PractitionerID: pid, CodeHash: HashToken(normalizeCode(c))}
	}
	if err := tx.Create(&rows).Error; err != nil {
		return nil, err
	}
	return codes, nil
}

// RegenerateRecoveryCodes replaces pid's recovery codes (the old ones stop
// working at once) and returns the new ones, to be shown once.
func (s *Store) RegenerateRecoveryCodes(ctx context.Context, pid string) ([]string, error) {
	var codes []string
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var on int64
		if err := tx.Model(&Practitioner{}).Where("id = ? AND totp_enabled_at IS NOT NULL", pid).Count(&on).Error; err != nil {
			return err
		}
		if on == 0 {
			return ErrConflict
		}
		var err error
		if codes, err = s.replaceRecoveryCodes(tx, pid); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "2fa.recovery_regenerate", "practitioner", pid)
	})
	if err != nil {
		return nil, wrapUnlessSentinel("regenerate recovery codes", err)
	}
	return codes, nil
}

// useRecoveryCode marks one of pid's unused recovery codes used, with its
// audit event, in one transaction: the conditional update succeeds for
// exactly one of several concurrent uses. A wrong or used code is
// ErrNotFound.
func (s *Store) useRecoveryCode(ctx context.Context, pid, code string) error {
	if len(code) != 10 {
		return ErrNotFound
	}
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var rc RecoveryCode
		err := tx.Where("practitioner_id = ? AND code_hash = ? AND used_at IS NULL", pid, HashToken(code)).Limit(1).Find(&rc).Error
		if err != nil {
			return err
		}
		if rc.ID == "" {
			return ErrNotFound
		}
		res := tx.Model(&RecoveryCode{}).Where("id = ? AND used_at IS NULL", rc.ID).Update("used_at", s.now())
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "2fa.recovery_used", "practitioner", pid)
	})
	return wrapUnlessSentinel("use recovery code", err)
}

// RecoveryCodesLeft counts pid's unused recovery codes.
func (s *Store) RecoveryCodesLeft(ctx context.Context, pid string) (int64, error) {
	var n int64
	err := s.ctx(ctx).Model(&RecoveryCode{}).Where("practitioner_id = ? AND used_at IS NULL", pid).Count(&n).Error
	return n, err
}
