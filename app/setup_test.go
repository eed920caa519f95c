package app_test

import (
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestOneSetupLink (g): three instances starting on one empty database ask
// for a setup link at once; exactly one gets it, the others learn that it
// was issued, and it is the link that creates the first admin.
func TestOneSetupLink(t *testing.T) {
	onEachDB(t, func(t *testing.T, _ testenv.DB, url, _ string) {
		key := strings.SplitN(newKeyLine(t, "x"), ":", 2)[1]
		var stores []*models.Store
		for range 3 {
			cfg, err := config.Load(func(name string) string {
				return map[string]string{"TEND_ENCRYPTION_KEY": key, "TEND_DATABASE_URL": url}[name]
			})
			if err != nil {
				t.Fatal(err)
			}
			stores = append(stores, mustOpen(t, cfg))
		}
		toks, errs := make([]string, 3), make([]error, 3)
		var wg sync.WaitGroup
		for i, s := range stores {
			wg.Go(func() { toks[i], errs[i] = s.EnsureSetupToken(t.Context()) })
		}
		wg.Wait()
		var link string
		for i := range stores {
			switch {
			case errs[i] == nil && toks[i] != "" && link == "":
				link = toks[i]
			case errors.Is(errs[i], models.ErrSetupLinkIssued) && toks[i] == "":
			default:
				t.Fatalf("instance %d: token %q, %v (tokens %q)", i+1, toks[i], errs[i], toks)
			}
		}
		if link == "" {
			t.Fatalf("no instance issued a setup link: %v", errs)
		}
		_, err := stores[2].CompleteSetup(t.Context(), link, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "a long enough passphrase"})
		if err != nil {
			t.Fatalf("the one link does not create the first admin: %v", err)
		}
		if tok, err := stores[1].EnsureSetupToken(t.Context()); tok != "" || err != nil {
			t.Fatalf("with an account, no link: %q %v", tok, err)
		}
	})
}
