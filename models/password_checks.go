package models

import (
	"context"
	"errors"
	"sync/atomic"
	"time"
)

// ErrPasswordBusy: too many passwords are being checked right now (each
// argon2id check takes 19 MiB); nothing was checked, try again shortly.
var ErrPasswordBusy = errors.New("too many password checks at once")

// passwordChecks is a semaphore over password verifications, with a gauge.
type passwordChecks struct {
	slots     chan struct{}
	wait      time.Duration
	now, peak atomic.Int64
}

// LimitPasswordChecks lets at most n password verifications run at once;
// one more waits up to wait for a slot, then fails with ErrPasswordBusy.
// NewStore sets 2 × cores and 2 s; call it before serving.
func (s *Store) LimitPasswordChecks(n int, wait time.Duration) {
	s.checks.slots, s.checks.wait = make(chan struct{}, max(n, 1)), wait
}

// PasswordChecksPeak is the most password verifications that ran at once.
func (s *Store) PasswordChecksPeak() int64 { return s.checks.peak.Load() }

// verifyPassword is VerifyPassword within the store's bound.
func (s *Store) verifyPassword(ctx context.Context, pw, encoded string) (bool, error) {
	t := time.NewTimer(s.checks.wait)
	defer t.Stop()
	select {
	case s.checks.slots <- struct{}{}:
	case <-t.C:
		return false, ErrPasswordBusy
	case <-ctx.Done():
		return false, ErrPasswordBusy
	}
	defer func() { s.checks.now.Add(-1); <-s.checks.slots }()
	n := s.checks.now.Add(1)
	for p := s.checks.peak.Load(); n > p && !s.checks.peak.CompareAndSwap(p, n); p = s.checks.peak.Load() {
	}
	return VerifyPassword(pw, encoded), nil
}
