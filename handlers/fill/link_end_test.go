package fill_test

import (
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// countRows counts an assignment's rows of a table (fill sessions, link.open audits).
func countRows(t *testing.T, env *testenv.Env, model any, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := env.Store.DB().Model(model).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLinkEndsWhenReviewed: once the practitioner marks the work reviewed,
// the client's link and any page they still have open show only the
// neutral "no longer active" page, and the client API refuses the link.
func TestLinkEndsWhenReviewed(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newSubmitted(t, db)
		if _, body := fc.get("/f/answers"); !strings.Contains(body, "walked by the river") {
			t.Fatal("before review the copy is shown")
		}
		resp, body := fc.p.API("POST", "/api/v1/assignments/"+fc.assignment+"/review", nil)
		testenv.WantStatus(t, "review", resp, body, 204)

		resp, body = fc.get("/f/answers")
		testenv.WantStatus(t, "open page after review", resp, body, 404)
		resp, body = fc.open()
		testenv.WantStatus(t, "link after review", resp, body, 404)
		if !strings.Contains(body, "This link is no longer active") || strings.Contains(body, "walked by the river") {
			t.Fatalf("the link after review is not the neutral page:\n%s", body)
		}
		resp, body = fc.api("GET", "/api/v1/fill", nil)
		testenv.WantStatus(t, "client API after review", resp, body, 401)
		if n := countRows(t, fc.env, &models.FillSession{}, "assignment_id = ?", fc.assignment); n != 0 {
			t.Errorf("%d fill sessions outlive the review", n)
		}
	})
}

// TestLinkOpensBounded: opening the link again in one browser is audited
// once; new browsers (or a script without cookies) start at most 20
// sessions an hour per link, then get a friendly 429 page, and neither the
// session nor the audit table grows any further.
func TestLinkOpensBounded(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "support-map")
		for i := 0; i < 3; i++ {
			if resp, body := fc.open(); resp.StatusCode != 303 {
				t.Fatalf("open %d: %d %s", i, resp.StatusCode, body)
			}
		}
		opens := func() int64 {
			return countRows(t, fc.env, &models.AuditEvent{}, "action = ? AND object_id = ?", "link.open", fc.assignment)
		}
		if n := opens(); n != 1 {
			t.Fatalf("three opens in one session: %d link.open audit rows, want 1", n)
		}
		for i := 1; i < 20; i++ {
			resp, body := fc.env.NewClient().Get("/w/" + fc.token)
			testenv.WantStatus(t, "fresh browser", resp, body, 303)
		}
		for i := 0; i < 5; i++ {
			resp, body := fc.env.NewClient().Get("/w/" + fc.token)
			testenv.WantStatus(t, "past the limit", resp, body, 429)
			if !strings.Contains(body, "opened many times in the last hour") || resp.Header.Get("Retry-After") != "3600" {
				t.Fatalf("the 429 does not say what happens:\n%s", body)
			}
		}
		resp, body := fc.api("GET", "/api/v1/fill", nil)
		testenv.WantStatus(t, "client API past the limit", resp, body, 429)
		if n := opens(); n != 20 {
			t.Errorf("%d link.open audit rows, want 20", n)
		}
		if n := countRows(t, fc.env, &models.FillSession{}, "assignment_id = ?", fc.assignment); n != 20 {
			t.Errorf("%d fill sessions, want 20", n)
		}
		// The browser that already has a session keeps it.
		if resp, body := fc.open(); resp.StatusCode != 303 {
			t.Fatalf("own session past the limit: %d %s", resp.StatusCode, body)
		}
	})
}
