package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// ResetPasswordByEmail sets a new password for the account with the email (the
// command line, which knows no id); see SetPassword.
func (s *Store) ResetPasswordByEmail(ctx context.Context, email, password string, temporary bool) (*Practitioner, error) {
	var p Practitioner
	if err := s.ctx(ctx).Where("email = ?", NormalizeEmail(email)).First(&p).Error; err != nil {
		return nil, notFound("practitioner", err)
	}
	return &p, s.SetPassword(ctx, p.ID, password, temporary)
}

// SetPassword is an admin's (or the command line's) password reset for
// account pid: the new password, must_change_password = temporary, and in
// the same transaction every session and API token of the account ends and
// the event names ctx's actor (else the system).
func (s *Store) SetPassword(ctx context.Context, pid, password string, temporary bool) error {
	if msg := CheckPassword(password); msg != "" {
		return invalid("password", msg)
	}
	hash, err := HashPassword(password)
	if err != nil {
		return err
	}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Practitioner{}).Where("id = ?", pid).
			Updates(map[string]any{"password_hash": hash, "must_change_password": temporary, "updated_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := endAccess(tx, pid, s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, systemActor, "password.reset", "practitioner", pid)
	})
	if err != nil {
		return fmt.Errorf("store: reset password: %w", err)
	}
	return nil
}

// ChooseNewPassword replaces a temporary password after a reset: it must
// differ from the temporary one; the flag clears and every other session
// of the account ends.
func (s *Store) ChooseNewPassword(ctx context.Context, pid, next, keepSessionToken string) error {
	var p Practitioner
	if err := s.ctx(ctx).Where("id = ?", pid).First(&p).Error; err != nil {
		return notFound("practitioner", err)
	}
	if msg := CheckPassword(next, p.Email, p.Name); msg != "" {
		return invalid("new_password", msg)
	}
	if same, err := s.verifyPassword(ctx, next, p.PasswordHash); err != nil {
		return err
	} else if same {
		return invalid("new_password", "must not be the temporary password")
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&Practitioner{}).Where("id = ?", pid).
			Updates(map[string]any{"password_hash": hash, "must_change_password": false, "updated_at": s.now()}).Error
		if err != nil {
			return err
		}
		if err := tx.Where("practitioner_id = ? AND token_hash <> ?", pid, HashToken(keepSessionToken)).Delete(&Session{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "password.choose", "practitioner", pid)
	})
}

// endAccess ends every session of account pid, drops the links waiting to
// be shown to them and revokes its API tokens, inside tx.
func endAccess(tx *gorm.DB, pid string, now time.Time) error {
	return endAccessExcept(tx, pid, "", now)
}

// endAccessExcept is endAccess keeping the session whose token hash is
// keepHash (the one that changed the password) and its waiting links.
func endAccessExcept(tx *gorm.DB, pid, keepHash string, now time.Time) error {
	if err := tx.Where("practitioner_id = ? AND token_hash <> ?", pid, keepHash).Delete(&Session{}).Error; err != nil {
		return err
	}
	if err := tx.Where("practitioner_id = ? AND session_hash <> ?", pid, keepHash).Delete(&LinkFlash{}).Error; err != nil {
		return err
	}
	return tx.Model(&APIToken{}).Where("practitioner_id = ? AND revoked_at IS NULL", pid).Update("revoked_at", now).Error
}
