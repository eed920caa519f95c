package fill_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

func TestFillAPIRoundTrip(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "weekly-connection-checkin")
			resp, body := fc.api("GET", "/api/v1/fill", nil)
			testenv.WantStatus(t, "get", resp, body, 200)
			got := testenv.JSON(t, body)
			ws := got["worksheet"].(map[string]any)
			if got["assignment_id"] != fc.assignment || got["status"] != "assigned" || got["due_on"] != "2026-11-09" ||
				got["draft"] != nil || ws["key"] != "weekly-connection-checkin" || got["instructions"] != "Take your time.\nNo rush at all." {
				t.Fatalf("get: %s", body)
			}
			for _, private := range []string{"guide", "scales", "flags"} {
				if _, has := ws[private]; has {
					t.Errorf("the client sees the practitioner's %s", private)
				}
			}
			if _, has := got["submitted_at"]; has {
				t.Error("submitted_at before submission")
			}

			// Zero values are answers: they save and read back.
			zeros := map[string]any{"stress": 0.0, "asked_help": false, "asked_help_barrier": "", "week_notes": "Tôi không muốn nhờ ai giúp đỡ 😊\nline 2"}
			resp, body = fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": zeros})
			testenv.WantStatus(t, "draft", resp, body, 200)
			saved := testenv.JSON(t, body)
			if saved["version"] != 1.0 || saved["saved_at"] == nil {
				t.Fatalf("draft: %s", body)
			}
			_, body = fc.api("GET", "/api/v1/fill", nil)
			draft := testenv.JSON(t, body)["draft"].(map[string]any)
			if draft["version"] != 1.0 || !reflect.DeepEqual(draft["answers"], zeros) {
				t.Fatalf("draft read back: %s", body)
			}
			if a := fc.stored()["answers"]; !reflect.DeepEqual(a, zeros) {
				t.Fatalf("practitioner sees %v", a)
			}

			// A stale version is refused with the current draft.
			resp, body = fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": map[string]any{"stress": 9}})
			testenv.WantStatus(t, "stale draft", resp, body, 409)
			cur := testenv.JSON(t, body)["current"].(map[string]any)
			if cur["version"] != 1.0 || !reflect.DeepEqual(cur["answers"], zeros) || !strings.Contains(body, `"code":"conflict"`) {
				t.Fatalf("409: %s", body)
			}

			// 422 names the item and never repeats the answer.
			secret := "MY-SECRET-ANSWER-" + strings.Repeat("x", 200)
			resp, body = fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 1,
				"answers": map[string]any{"stress": 11, "asked_help_barrier": secret, "nonsense": secret}})
			testenv.WantStatus(t, "invalid draft", resp, body, 422)
			var bad struct {
				Error struct {
					Details []struct{ Item, Message string }
				}
			}
			json.Unmarshal([]byte(body), &bad)
			items := map[string]bool{}
			for _, d := range bad.Error.Details {
				items[d.Item] = true
			}
			if !items["stress"] || !items["asked_help_barrier"] || !items["nonsense"] || strings.Contains(body, "MY-SECRET") {
				t.Fatalf("422: %s", body)
			}
			if _, body = fc.api("GET", "/api/v1/fill", nil); !strings.Contains(body, `"version":1`) {
				t.Fatalf("a refused draft changed something: %s", body)
			}

			// Submit: required items are checked, then the flag fires.
			resp, body = fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{"stress": 3}}, "Idempotency-Key", "try-1")
			testenv.WantStatus(t, "incomplete submit", resp, body, 422)
			if !strings.Contains(body, `"item":"asked_help"`) {
				t.Fatalf("422: %s", body)
			}
			final := map[string]any{"stress": 3.0, "loneliness": 9.0, "asked_help": true, "asked_help_story": "My sister 😊", "harm_thoughts": false}
			resp, first := fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": final}, "Idempotency-Key", "try-2")
			testenv.WantStatus(t, "submit", resp, first, 200)
			sub := testenv.JSON(t, first)
			// Loneliness 9 alone is a medium flag: its own words, no crisis contacts.
			if sub["status"] != "submitted" || sub["submitted_at"] == nil || sub["crisis"] != nil || sub["support"] == nil ||
				strings.Contains(first, "danger") || strings.Contains(first, "isolation and support") {
				t.Fatalf("submit: %s", first)
			}
			// A retry with the same key gets the original answer, word for word.
			resp, again := fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{}}, "Idempotency-Key", "try-2")
			testenv.WantStatus(t, "retry", resp, again, 200)
			if again != first {
				t.Fatalf("retry differs:\n%s\n%s", first, again)
			}
			// Anything else after submission changes nothing.
			resp, body = fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": final}, "Idempotency-Key", "try-3")
			testenv.WantStatus(t, "second submit", resp, body, 409)
			if !strings.Contains(body, `"already_submitted"`) {
				t.Fatalf("409: %s", body)
			}
			resp, body = fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": final})
			testenv.WantStatus(t, "submit without key", resp, body, 409)
			resp, body = fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 2, "answers": map[string]any{"stress": 10}})
			testenv.WantStatus(t, "draft after submit", resp, body, 409)
			if !strings.Contains(body, `"already_submitted"`) {
				t.Fatalf("409: %s", body)
			}

			_, body = fc.api("GET", "/api/v1/fill", nil)
			got = testenv.JSON(t, body)
			if got["status"] != "submitted" || got["draft"] != nil || got["submitted_at"] == nil || !reflect.DeepEqual(got["answers"], final) {
				t.Fatalf("after submit: %s", body)
			}
			st := fc.stored()
			if !reflect.DeepEqual(st["answers"], final) || len(st["flags"].([]any)) != 1 || len(st["scores"].([]any)) != 2 {
				t.Fatalf("practitioner sees: %v", st)
			}
			evs, _ := fc.env.Store.AuditEvents(context.Background(), 20)
			submits := 0
			for _, ev := range evs {
				if ev.Action == "assignment.submit" {
					submits++
				}
			}
			if submits != 1 {
				t.Fatalf("%d submit audit events", submits)
			}
		})
	}
}

func TestFillAPIAuth(t *testing.T) {
	t.Parallel()
	fc := newFill(t, testenv.DB{Name: "sqlite"}, "support-map")
	for _, tc := range []struct{ method, path, auth string }{
		{"GET", "/api/v1/fill", ""},
		{"GET", "/api/v1/fill", "Bearer "},
		{"GET", "/api/v1/fill", "Bearer " + fc.token + "x"},
		{"PUT", "/api/v1/fill/draft", "Bearer nope"},
		{"POST", "/api/v1/fill/submit", "Basic " + fc.token},
		{"GET", "/api/v1/fill", "Bearer " + fc.p.APIToken}, // a practitioner token is not a link
	} {
		req := httptest.NewRequest(tc.method, tc.path, strings.NewReader(`{}`))
		req.Header.Set("Authorization", tc.auth)
		req.Header.Set("Content-Type", "application/json")
		resp, body := fc.env.Do(req)
		testenv.WantStatus(t, tc.method+" "+tc.path+" "+tc.auth, resp, body, 401)
	}
	// The cookie page endpoint wants its session, not a bearer.
	req := httptest.NewRequest("PUT", "/f/draft", strings.NewReader(`{"version":0,"answers":{}}`))
	req.Header.Set("Authorization", "Bearer "+fc.token)
	resp, body := fc.env.Do(req)
	testenv.WantStatus(t, "/f/draft with a bearer", resp, body, 401)
	// A practitioner's API token cannot reach another route through it.
	resp, body = fc.api("GET", "/api/v1/assignments/"+fc.assignment, nil)
	testenv.WantStatus(t, "link token on the practitioner API", resp, body, 401)
	// Long idempotency keys are refused before anything happens.
	resp, body = fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{}}, "Idempotency-Key", strings.Repeat("k", 101))
	testenv.WantStatus(t, "long key", resp, body, 400)
}

func TestFillPageDraft(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "small-steps-followup")
			fc.mustOpen()

			// No CSRF token: refused, nothing saved.
			req := httptest.NewRequest("PUT", "/f/draft", strings.NewReader(`{"version":0,"answers":{"tried":"yes"}}`))
			req.Header.Set("Content-Type", "application/json")
			req.AddCookie(&http.Cookie{Name: "tend_fill", Value: fc.cookie()})
			resp, body := fc.env.Do(req)
			testenv.WantStatus(t, "draft without CSRF", resp, body, 403)
			csrf := fc.CSRF
			fc.CSRF = "wrong"
			resp, body = fc.putDraft(0, map[string]any{"tried": "yes"})
			testenv.WantStatus(t, "draft with a wrong CSRF token", resp, body, 403)
			fc.CSRF = csrf
			if a := fc.stored()["answers"]; a != nil {
				t.Fatalf("saved without CSRF: %v", a)
			}

			resp, body = fc.putDraft(0, map[string]any{"tried": "no", "belief_after": 0.0, "planned_step": ""})
			testenv.WantStatus(t, "draft", resp, body, 200)
			resp, body = fc.putDraft(0, map[string]any{"tried": "yes"})
			testenv.WantStatus(t, "stale", resp, body, 409)
			if cur := testenv.JSON(t, body)["current"].(map[string]any); cur["version"] != 1.0 {
				t.Fatalf("409: %s", body)
			}
			resp, body = fc.putDraft(1, map[string]any{"belief_after": 7.0})
			testenv.WantStatus(t, "off-grid slider", resp, body, 422)
			if !strings.Contains(body, `"item":"belief_after"`) {
				t.Fatalf("422: %s", body)
			}
			// A cross-site request is refused even with the token.
			req = httptest.NewRequest("PUT", "/f/draft", strings.NewReader(`{"version":1,"answers":{}}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-CSRF-Token", fc.CSRF)
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			req.AddCookie(&http.Cookie{Name: "tend_fill", Value: fc.cookie()})
			resp, body = fc.env.Do(req)
			testenv.WantStatus(t, "cross-site", resp, body, 403)
			if a := fc.stored()["answers"].(map[string]any); a["tried"] != "no" || a["belief_after"] != 0.0 || a["planned_step"] != "" {
				t.Fatalf("stored: %v", a)
			}
			t.Run("retry", func(t *testing.T) { fillDraftRetry(t, db) })
			t.Run("first save race", func(t *testing.T) { fillFirstSaveRace(t, db) })
		})
	}
}
