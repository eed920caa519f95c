package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// Passkeys (WebAuthn) are a second factor beside the authenticator app:
// they can be added only while two-step sign-in is on (so recovery codes
// and the code page without JavaScript stay), and go when it is turned off.
// The store keeps the credential as the handler's JSON; it knows nothing of
// WebAuthn itself.

// Passkeys lists pid's passkeys, oldest first.
func (s *Store) Passkeys(ctx context.Context, pid string) ([]Passkey, error) {
	var ks []Passkey
	err := s.ctx(ctx).Where("practitioner_id = ?", pid).Order("created_at, id").Limit(50).Find(&ks).Error
	return ks, err
}

// AddPasskey stores a new passkey of pid (audited). ErrConflict: two-step
// sign-in is off, or the credential is registered already.
func (s *Store) AddPasskey(ctx context.Context, pid, name, credentialID, credential string) (*Passkey, error) {
	name = strings.TrimSpace(name)
	if name == "" || utf8.RuneCountInString(name) > 100 {
		return nil, invalid("name", "is required (at most 100 characters)")
	}
	k := &Passkey{ID: newID(), PractitionerID: pid, CredentialID: credentialID, Name: name, Credential: credential}
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var on int64
		if err := tx.Model(&Practitioner{}).Where("id = ? AND totp_enabled_at IS NOT NULL", pid).Count(&on).Error; err != nil {
			return err
		}
		if on == 0 {
			return ErrConflict
		}
		if err := tx.Create(k).Error; err != nil {
			if errors.Is(err, gorm.ErrDuplicatedKey) {
				return ErrConflict
			}
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "passkey.add", "passkey", k.ID)
	})
	if err != nil {
		return nil, wrapUnlessSentinel("add passkey", err)
	}
	return k, nil
}

// RemovePasskey deletes one of pid's own passkeys (audited); another
// practitioner's id is ErrNotFound.
func (s *Store) RemovePasskey(ctx context.Context, pid, id string) error {
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("id = ? AND practitioner_id = ?", id, pid).Delete(&Passkey{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "passkey.remove", "passkey", id)
	})
	return wrapUnlessSentinel("remove passkey", err)
}

// PasskeyUsed records a sign-in with pid's passkey credentialID and its
// updated record (the signature counter moves on).
func (s *Store) PasskeyUsed(ctx context.Context, pid, credentialID, credential string) error {
	res := s.ctx(ctx).Model(&Passkey{}).Where("practitioner_id = ? AND credential_id = ?", pid, credentialID).
		Updates(map[string]any{"credential": credential, "last_used_at": s.now()})
	if res.Error != nil {
		return fmt.Errorf("store: passkey used: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// Where a passkey ceremony waits: a signed-in session (adding one) or a
// login challenge (signing in with one).
const (
	PasskeyInSession   = "sessions"
	PasskeyInChallenge = "login_challenges"
)

// SetPasskeyState keeps a ceremony's state on the session or challenge
// whose cookie is token (where: PasskeyInSession or PasskeyInChallenge).
func (s *Store) SetPasskeyState(ctx context.Context, where, token, state string) error {
	res := s.ctx(ctx).Table(passkeyTable(where)).Where("token_hash = ?", HashToken(token)).Update("passkey_state", state)
	if res.Error != nil {
		return fmt.Errorf("store: passkey state: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return ErrNotFound
	}
	return nil
}

// TakePasskeyState returns a ceremony's state and clears it in one
// conditional update, so each state answers one browser response.
func (s *Store) TakePasskeyState(ctx context.Context, where, token string) (string, error) {
	h := HashToken(token)
	var state string
	err := s.ctx(ctx).Table(passkeyTable(where)).Select("passkey_state").Where("token_hash = ?", h).Limit(1).Scan(&state).Error
	if err != nil {
		return "", fmt.Errorf("store: passkey state: %w", err)
	}
	if state == "" {
		return "", ErrNotFound
	}
	res := s.ctx(ctx).Table(passkeyTable(where)).Where("token_hash = ? AND passkey_state = ?", h, state).Update("passkey_state", "")
	if res.Error != nil {
		return "", fmt.Errorf("store: passkey state: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return "", ErrNotFound
	}
	return state, nil
}

// passkeyTable allows only the two tables a ceremony can wait in.
func passkeyTable(where string) string {
	if where == PasskeyInChallenge {
		return PasskeyInChallenge
	}
	return PasskeyInSession
}
