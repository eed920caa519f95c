package models_test

import (
	"errors"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestSetupLinkRestart: instances starting together share one setup link,
// and a start minutes later issues a new one that replaces the old.
func TestSetupLinkRestart(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s, ctx := env.Store, t.Context()
			first, err := s.EnsureSetupToken(ctx)
			if err != nil || first == "" {
				t.Fatalf("first start: %q %v", first, err)
			}
			env.Clock.Advance(30 * time.Second)
			if tok, err := s.EnsureSetupToken(ctx); tok != "" || !errors.Is(err, models.ErrSetupLinkIssued) {
				t.Fatalf("an instance starting alongside: %q %v", tok, err)
			}
			env.Clock.Advance(3 * time.Minute)
			second, err := s.EnsureSetupToken(ctx)
			if err != nil || second == "" || second == first {
				t.Fatalf("a restart later gets a new link: %q %v", second, err)
			}
			if s.SetupTokenValid(ctx, first) || !s.SetupTokenValid(ctx, second) {
				t.Error("the new link replaces the old one")
			}
		})
	}
}
