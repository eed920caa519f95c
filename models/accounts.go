package models

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"time"

	"gorm.io/gorm"
)

// NewPractitioner is what creating an account needs.
type NewPractitioner struct {
	Email, Name, Password, Role string
}

// FieldProblem names a field and what is wrong with it.
type FieldProblem struct{ Field, Message string }

// ValidationError carries one problem per field.
type ValidationError struct{ Problems []FieldProblem }

func (e *ValidationError) Error() string { return "invalid input" }

// Unwrap lets errors.Is(err, ErrInvalid) match.
func (e *ValidationError) Unwrap() error { return ErrInvalid }

func invalid(field, msg string) error {
	return &ValidationError{Problems: []FieldProblem{{field, msg}}}
}

// NormalizeEmail lower-cases and trims an address; "" if it is not one.
func NormalizeEmail(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > 320 {
		return ""
	}
	return s
}

// CreatePractitioner adds an account. Duplicate email → ErrConflict. The
// event names ctx's actor (an admin, the command line), else the system.
func (s *Store) CreatePractitioner(ctx context.Context, n NewPractitioner) (*Practitioner, error) {
	return s.createPractitioner(ctx, n, "practitioner.create", func(*Practitioner) Actor { return systemActor }, nil)
}

// createPractitioner adds an account and records action; by names the
// actor when ctx does not; first (may be nil) runs first in the same
// transaction and its error undoes everything.
func (s *Store) createPractitioner(ctx context.Context, n NewPractitioner, action string, by func(*Practitioner) Actor, first func(tx *gorm.DB) error) (*Practitioner, error) {
	var probs []FieldProblem
	email := NormalizeEmail(n.Email)
	if email == "" {
		probs = append(probs, FieldProblem{"email", "must be an email address"})
	}
	name := strings.TrimSpace(n.Name)
	if name == "" || len(name) > 200 {
		probs = append(probs, FieldProblem{"name", "is required (at most 200 characters)"})
	}
	if msg := CheckPassword(n.Password, n.Email, n.Name); msg != "" {
		probs = append(probs, FieldProblem{"password", msg})
	}
	role := n.Role
	if role == "" {
		role = RolePractitioner
	}
	if role != RoleAdmin && role != RolePractitioner {
		probs = append(probs, FieldProblem{"role", "must be admin or practitioner"})
	}
	if len(probs) > 0 {
		return nil, &ValidationError{probs}
	}
	hash, err := HashPassword(n.Password)
	if err != nil {
		return nil, err
	}
	p := &Practitioner{ID: newID(), Email: email, Name: name, PasswordHash: hash, Role: role}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if first != nil {
			if err := first(tx); err != nil {
				return err
			}
		}
		if err := tx.Create(p).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, by(p), action, "practitioner", p.ID)
	})
	if err != nil {
		if errors.Is(err, ErrNotFound) {
			return nil, err
		}
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return nil, fmt.Errorf("%w: an account with this email exists", ErrConflict)
		}
		return nil, fmt.Errorf("store: create practitioner: %w", err)
	}
	return p, nil
}

// PractitionerCount counts accounts (first-run detection).
func (s *Store) PractitionerCount(ctx context.Context) (int64, error) {
	var n int64
	err := s.ctx(ctx).Model(&Practitioner{}).Count(&n).Error
	return n, err
}

// Authenticate checks an email and password; a disabled account, unknown
// email or wrong password all give ErrNotFound after the same work. Too
// many checks at once give ErrPasswordBusy (nothing was checked).
func (s *Store) Authenticate(ctx context.Context, email, password string) (*Practitioner, error) {
	var p Practitioner
	err := s.ctx(ctx).Where("email = ?", NormalizeEmail(email)).First(&p).Error
	if err != nil && !errors.Is(err, gorm.ErrRecordNotFound) {
		return nil, fmt.Errorf("store: authenticate: %w", err)
	}
	hash := p.PasswordHash
	if err != nil {
		hash = dummyHash()
	}
	ok, verr := s.verifyPassword(ctx, password, hash)
	switch {
	case verr != nil:
		return nil, verr
	case err != nil || !ok || p.DisabledAt != nil:
		return nil, ErrNotFound
	}
	return &p, nil
}

// VerifyCurrentPassword checks the signed-in practitioner's own password
// (before a change or a new API token): a wrong one is a current_password
// problem; too many checks at once give ErrPasswordBusy.
func (s *Store) VerifyCurrentPassword(ctx context.Context, pid, current string) error {
	var p Practitioner
	if err := s.ctx(ctx).Where("id = ?", pid).First(&p).Error; err != nil {
		return notFound("practitioner", err)
	}
	ok, err := s.verifyPassword(ctx, current, p.PasswordHash)
	if err != nil {
		return err
	}
	if !ok {
		return invalid("current_password", "is not right")
	}
	return nil
}

// PractitionerByID loads an active account.
func (s *Store) PractitionerByID(ctx context.Context, id string) (*Practitioner, error) {
	var p Practitioner
	if err := s.read(ctx).Where("id = ? AND disabled_at IS NULL", id).First(&p).Error; err != nil {
		return nil, notFound("practitioner", err)
	}
	return &p, nil
}

// ListPractitioners lists every account (admin only; the handler checks the role).
func (s *Store) ListPractitioners(ctx context.Context) ([]Practitioner, error) {
	var ps []Practitioner
	err := s.read(ctx).Order("email").Limit(1000).Find(&ps).Error
	return ps, err
}

// ChangePassword checks the current password, sets the new one and, in
// the same transaction, ends every other session of the account and
// revokes its API tokens.
func (s *Store) ChangePassword(ctx context.Context, pid, current, next, keepSessionToken string) error {
	if err := s.VerifyCurrentPassword(ctx, pid, current); err != nil {
		return err
	}
	if msg := CheckPassword(next); msg != "" {
		return invalid("new_password", msg)
	}
	hash, err := HashPassword(next)
	if err != nil {
		return err
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Practitioner{}).Where("id = ?", pid).Update("password_hash", hash).Error; err != nil {
			return err
		}
		if err := endAccessExcept(tx, pid, HashToken(keepSessionToken), s.now()); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "password.change", "practitioner", pid)
	})
}

// SetDisabled disables or re-enables an account. Disabling ends its
// sessions, revokes its API tokens and its clients' open links. The event
// names ctx's actor (the admin), else the system: pid is the target.
func (s *Store) SetDisabled(ctx context.Context, pid string, disabled bool) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var at any
		action := "practitioner.enable"
		if disabled {
			at, action = s.now(), "practitioner.disable"
		}
		res := tx.Model(&Practitioner{}).Where("id = ?", pid).Update("disabled_at", at)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := s.audit(ctx, tx, systemActor, action, "practitioner", pid); err != nil {
			return err
		}
		if !disabled {
			return nil
		}
		if err := endAccess(tx, pid, s.now()); err != nil {
			return err
		}
		return tx.Model(&Assignment{}).Where("practitioner_id = ? AND link_revoked_at IS NULL", pid).Update("link_revoked_at", s.now()).Error
	})
}

// SetTimeZone stores the practitioner's IANA time zone: for display, and
// for the local time of their schedules' and courses' releases.
func (s *Store) SetTimeZone(ctx context.Context, pid, tz string) error {
	if _, err := time.LoadLocation(tz); err != nil || tz == "" || len(tz) > 64 {
		return invalid("time_zone", "must be a time zone name like Europe/Berlin")
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Model(&Practitioner{}).Where("id = ?", pid).Update("time_zone", tz).Error; err != nil {
			return fmt.Errorf("store: set time zone: %w", err)
		}
		if err := s.rezoneReleases(tx, pid, tz); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "timezone.change", "practitioner", pid)
	})
}
