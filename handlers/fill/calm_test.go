package fill_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestCalmLinkOnEveryClientPage: every client page, whatever the link's
// state, carries "Feeling overwhelmed?", opening in a new tab (a form
// filled in without JavaScript keeps what was typed), and the grounding
// page behind it works with no cookie, sets none and leaves no trace in
// the audit log.
func TestCalmLinkOnEveryClientPage(t *testing.T) {
	t.Parallel()
	const link = `<a class="calm-link" href="/calm" target="_blank" rel="noopener noreferrer">Feeling overwhelmed?`
	fresh := newFill(t, testenv.DB{Name: "sqlite"}, "help-seeking-origins")
	pages := map[string]string{"start": fresh.mustOpen()}
	_, pages["form"] = fresh.get("/f/form")
	sent := newSubmitted(t, testenv.DB{Name: "sqlite"})
	_, pages["done"] = sent.get("/f/done")
	_, pages["answers"] = sent.get("/f/answers")
	_, pages["dead link"] = sent.env.NewClient().Get("/w/no-such-link")
	_, pages["not found"] = sent.env.NewClient().Get("/f")
	for name, page := range pages {
		if !strings.Contains(page, link) {
			t.Errorf("%s page has no \"Feeling overwhelmed?\" link", name)
		}
	}

	ctx := context.Background()
	before, _ := sent.env.Store.AuditEvents(ctx, 1)
	resp, page := sent.env.NewClient().Get("/calm")
	testenv.WantStatus(t, "calm page", resp, page, 200)
	for _, want := range []string{"Take a moment", "Name five things you can see", "Close it to go back to your worksheet",
		"call your local emergency number"} {
		if !strings.Contains(text(page), want) {
			t.Errorf("calm page lacks %q", want)
		}
	}
	if strings.Contains(page, link) {
		t.Error("the calm page links to itself")
	}
	if len(resp.Cookies()) != 0 || resp.Header.Get("Referrer-Policy") != "no-referrer" {
		t.Errorf("calm page: cookies %v, referrer policy %q", resp.Cookies(), resp.Header.Get("Referrer-Policy"))
	}
	if after, _ := sent.env.Store.AuditEvents(ctx, 1); len(after) != len(before) || (len(after) > 0 && after[0].ID != before[0].ID) {
		t.Errorf("opening the calm page was recorded: %+v", after)
	}
}
