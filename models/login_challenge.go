package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// Between a right password and the second factor there is a login
// challenge, not a session: its cookie opens only the code page, it lasts
// LoginChallengeTTL and takes at most loginChallengeTries codes.
const (
	// LoginChallengeTTL is how long the code page waits after the password.
	LoginChallengeTTL   = 5 * time.Minute
	loginChallengeTries = 5
	// SecondFactorFresh is how recent a second factor must be for minting
	// an API token from a session.
	SecondFactorFresh = 5 * time.Minute
)

// CreateLoginChallenge starts the code step for pid after a right
// password; the raw token goes in a cookie.
func (s *Store) CreateLoginChallenge(ctx context.Context, pid string) (string, error) {
	tok, err := NewToken()
	if err != nil {
		return "", err
	}
	ch := LoginChallenge{TokenHash: HashToken(tok), PractitionerID: pid, CreatedAt: s.now()}
	if err := s.ctx(ctx).Create(&ch).Error; err != nil {
		return "", fmt.Errorf("store: login challenge: %w", err)
	}
	return tok, nil
}

// LoginChallengePractitioner resolves a live challenge to its account.
// With try, it also takes one of the challenge's tries, atomically (one
// conditional update), so no more than loginChallengeTries codes are
// checked against one password entry. Expired, used up or unknown:
// ErrNotFound.
func (s *Store) LoginChallengePractitioner(ctx context.Context, token string, try bool) (*Practitioner, error) {
	h := HashToken(token)
	since := s.now().Add(-LoginChallengeTTL)
	if try {
		res := s.ctx(ctx).Model(&LoginChallenge{}).Where("token_hash = ? AND created_at > ? AND attempts < ?", h, since, loginChallengeTries).
			Update("attempts", gorm.Expr("attempts + 1"))
		if res.Error != nil {
			return nil, fmt.Errorf("store: login challenge: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return nil, ErrNotFound
		}
	}
	var ch LoginChallenge
	if err := s.ctx(ctx).Where("token_hash = ? AND created_at > ?", h, since).First(&ch).Error; err != nil {
		return nil, notFound("login challenge", err)
	}
	return s.PractitionerByID(ctx, ch.PractitionerID)
}

// DeleteLoginChallenge ends a challenge (signed in, or given up).
func (s *Store) DeleteLoginChallenge(ctx context.Context, token string) error {
	return s.ctx(ctx).Where("token_hash = ?", HashToken(token)).Delete(&LoginChallenge{}).Error
}

// MarkSecondFactor records that a second factor was just entered in the
// session with token.
func (s *Store) MarkSecondFactor(ctx context.Context, token string) error {
	err := s.ctx(ctx).Model(&Session{}).Where("token_hash = ?", HashToken(token)).Update("second_factor_at", s.now()).Error
	if err != nil {
		return fmt.Errorf("store: mark second factor: %w", err)
	}
	return nil
}

// SecondFactorRecent reports whether sess had a second factor entered
// within SecondFactorFresh.
func (s *Store) SecondFactorRecent(sess *Session) bool {
	return sess != nil && sess.SecondFactorAt != nil && s.now().Sub(*sess.SecondFactorAt) <= SecondFactorFresh
}
