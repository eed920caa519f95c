package models

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// CreateSession starts a browser session; the raw token goes in the cookie.
func (s *Store) CreateSession(ctx context.Context, pid string) (token string, sess *Session, err error) {
	token, err = NewToken()
	if err != nil {
		return "", nil, err
	}
	csrf, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	now := s.now()
	sess = &Session{TokenHash: HashToken(token), PractitionerID: pid, CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}
	if err := s.ctx(ctx).Create(sess).Error; err != nil {
		return "", nil, fmt.Errorf("store: create session: %w", err)
	}
	return token, sess, nil
}

// SessionPractitioner resolves a session cookie, enforcing the idle and
// absolute timeouts and the account being active; it records activity.
func (s *Store) SessionPractitioner(ctx context.Context, token string, idle, max time.Duration) (*Session, *Practitioner, error) {
	h := HashToken(token)
	sess, p, err := s.readSession(ctx, h)
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	if now.Sub(sess.LastSeenAt) > idle || now.Sub(sess.CreatedAt) > max {
		s.ctx(ctx).Where("token_hash = ?", h).Delete(&Session{})
		return nil, nil, ErrNotFound
	}
	// Write activity at most once a minute: reads stay reads.
	if now.Sub(sess.LastSeenAt) > time.Minute {
		s.ctx(ctx).Model(&Session{}).Where("token_hash = ?", h).Update("last_seen_at", now)
	}
	return sess, p, nil
}

// DeleteSession ends a session (logout) and drops any link still waiting
// to be shown to it.
func (s *Store) DeleteSession(ctx context.Context, token string) error {
	h := HashToken(token)
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("session_hash = ?", h).Delete(&LinkFlash{}).Error; err != nil {
			return err
		}
		return tx.Where("token_hash = ?", h).Delete(&Session{}).Error
	})
}

// APITokenTTL is how long an API token lives.
const APITokenTTL = 90 * 24 * time.Hour

// CreateAPIToken issues a bearer token for the JSON API.
func (s *Store) CreateAPIToken(ctx context.Context, pid, name string) (string, *APIToken, error) {
	if name == "" {
		name = "API token"
	}
	if utf8.RuneCountInString(name) > 100 {
		return "", nil, invalid("name", "must be at most 100 characters")
	}
	tok, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	t := &APIToken{ID: newID(), PractitionerID: pid, Name: name, TokenHash: HashToken(tok), ExpiresAt: s.now().Add(APITokenTTL)}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(t).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "api_token.create", "api_token", t.ID)
	})
	if err != nil {
		return "", nil, fmt.Errorf("store: create api token: %w", err)
	}
	return "tnd_" + tok, t, nil
}

// APITokenPractitioner resolves a bearer token to an active account.
func (s *Store) APITokenPractitioner(ctx context.Context, token string) (*Practitioner, error) {
	raw, ok := cutPrefix(token, "tnd_")
	if !ok {
		return nil, ErrNotFound
	}
	id, lastUsed, p, err := s.readAPIToken(ctx, HashToken(raw))
	if err != nil {
		return nil, err
	}
	if !lastUsed.Valid || s.now().Sub(lastUsed.Time) > time.Minute {
		s.ctx(ctx).Model(&APIToken{}).Where("id = ?", id).Update("last_used_at", s.now())
	}
	return p, nil
}

// ListAPITokens lists a practitioner's tokens, newest first.
func (s *Store) ListAPITokens(ctx context.Context, pid string) ([]APIToken, error) {
	var ts []APIToken
	err := s.read(ctx).Where("practitioner_id = ?", pid).Order("id DESC").Limit(200).Find(&ts).Error
	return ts, err
}

// RevokeAPIToken revokes one of the practitioner's own tokens.
func (s *Store) RevokeAPIToken(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&APIToken{}).Where("id = ? AND practitioner_id = ? AND revoked_at IS NULL", id, pid).Update("revoked_at", s.now())
		if res.Error != nil {
			return fmt.Errorf("store: revoke api token: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "api_token.revoke", "api_token", id)
	})
}

const setupKey = "setup_token_hash"

// ErrSetupLinkIssued means no account exists yet but another instance
// issued a setup link moments ago: that link is the one way in, besides
// `tend practitioner add`.
var ErrSetupLinkIssued = errors.New("an account setup link was already issued")

// setupFresh is how long an issued setup link keeps a starting instance from
// issuing another: instances that start together print one link, and a
// later restart prints a new one (the old link then stops working).
const setupFresh = 2 * time.Minute

// EnsureSetupToken returns a one-time setup token when no account exists
// yet ("" when one does). The stored value is the token's hash and when it
// was issued; a new token replaces it only when it is older than
// setupFresh, by a compare-and-swap, so of several instances starting
// together on an empty database one gets the token and the others
// ErrSetupLinkIssued.
func (s *Store) EnsureSetupToken(ctx context.Context) (string, error) {
	n, err := s.PractitionerCount(ctx)
	if err != nil || n > 0 {
		return "", err
	}
	tok, err := NewToken()
	if err != nil {
		return "", err
	}
	now := s.now()
	value := HashToken(tok) + " " + now.UTC().Format(time.RFC3339)
	res := s.ctx(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&Setting{Key: setupKey, Value: value})
	if res.Error != nil {
		return "", fmt.Errorf("store: setup token: %w", res.Error)
	}
	if res.RowsAffected == 1 {
		return tok, nil
	}
	var old Setting
	if err := s.ctx(ctx).Where("key = ?", setupKey).First(&old).Error; err != nil {
		return "", fmt.Errorf("store: setup token: %w", err)
	}
	if _, at := splitSetupValue(old.Value); at.After(now.Add(-setupFresh)) {
		return "", ErrSetupLinkIssued
	}
	res = s.ctx(ctx).Model(&Setting{}).Where("key = ? AND value = ?", setupKey, old.Value).Update("value", value)
	if res.Error != nil {
		return "", fmt.Errorf("store: setup token: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return "", ErrSetupLinkIssued // another instance replaced it first
	}
	return tok, nil
}

// splitSetupValue reads "hash issued-at"; a value without a time (written
// by an older release) counts as issued long ago.
func splitSetupValue(v string) (hash string, at time.Time) {
	hash, when, _ := strings.Cut(v, " ")
	at, _ = time.Parse(time.RFC3339, when)
	return hash, at
}

// SetupTokenValid reports whether tok is the live setup token and no
// account exists yet.
func (s *Store) SetupTokenValid(ctx context.Context, tok string) bool {
	n, err := s.PractitionerCount(ctx)
	if err != nil || n > 0 || tok == "" {
		return false
	}
	var st Setting
	if err := s.ctx(ctx).Where("key = ?", setupKey).First(&st).Error; err != nil {
		return false
	}
	hash, _ := splitSetupValue(st.Value)
	return subtle.ConstantTimeCompare([]byte(hash), []byte(HashToken(tok))) == 1
}

// CompleteSetup creates the first admin with the setup token, once: the
// token is consumed by a conditional delete in the transaction that
// creates the admin, so of several posts at once exactly one succeeds and
// the others get ErrNotFound. The event names the new admin (with ctx's
// IP, when it carries one).
func (s *Store) CompleteSetup(ctx context.Context, tok string, n NewPractitioner) (*Practitioner, error) {
	if !s.SetupTokenValid(ctx, tok) {
		return nil, ErrNotFound
	}
	n.Role = RoleAdmin
	consume := func(tx *gorm.DB) error {
		res := tx.Where("key = ? AND value LIKE ?", setupKey, HashToken(tok)+"%").Delete(&Setting{})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != 1 {
			return ErrNotFound
		}
		var others int64
		if err := tx.Model(&Practitioner{}).Count(&others).Error; err != nil {
			return err
		}
		if others > 0 {
			return ErrNotFound
		}
		return nil
	}
	return s.createPractitioner(ctx, n, "setup.complete", func(p *Practitioner) Actor { return practitionerActor(p.ID) }, consume)
}

func cutPrefix(s, p string) (string, bool) {
	if len(s) >= len(p) && s[:len(p)] == p {
		return s[len(p):], true
	}
	return s, false
}
