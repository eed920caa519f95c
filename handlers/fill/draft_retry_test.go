package fill_test

import (
	"encoding/json"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// fillDraftRetry (in TestFillPageDraft): an autosave committed but its
// answer was lost; the page's retry (same save id) gets 200 with the same
// version and time, not "changed elsewhere". A different save on the stale
// version still gets 409 with the stored draft. The client API takes the
// id as save_id.
func fillDraftRetry(t *testing.T, db testenv.DB) {
	t.Parallel()
	fc := newFill(t, db, "support-map")
	fc.mustOpen()
	put := func(id string, version int, who string) (int, map[string]any) {
		fc.Header.Set("X-Save-Id", id)
		defer fc.Header.Del("X-Save-Id")
		resp, body := fc.putDraft(version, map[string]any{"ask_person": who})
		return resp.StatusCode, testenv.JSON(t, body)
	}
	code, first := put("attempt-1", 0, "Jo")
	if code != 200 || first["version"] != 1.0 {
		t.Fatalf("first save: %d %v", code, first)
	}
	fc.env.Clock.Advance(7e9)
	code, again := put("attempt-1", 0, "Jo")
	if code != 200 || again["version"] != 1.0 || again["saved_at"] != first["saved_at"] {
		t.Fatalf("retry of the committed save: %d %v, want 200 %v", code, again, first)
	}
	code, other := put("attempt-2", 0, "Sam")
	cur, _ := other["current"].(map[string]any)
	if code != 409 || cur["version"] != 1.0 || !strings.Contains(asJSON(cur), `"Jo"`) {
		t.Fatalf("another save on the stale version: %d %v", code, other)
	}

	resp, body := fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 1, "save_id": "api-1", "answers": map[string]any{"ask_person": "Kim"}})
	testenv.WantStatus(t, "API save", resp, body, 200)
	resp, again2 := fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 1, "save_id": "api-1", "answers": map[string]any{"ask_person": "Kim"}})
	testenv.WantStatus(t, "API retry", resp, again2, 200)
	if again2 != body {
		t.Fatalf("API retry answered %s, the save answered %s", again2, body)
	}
	if got := fc.stored(); !strings.Contains(asJSON(got), `"Kim"`) {
		t.Fatalf("stored: %v", got)
	}

	resp, body = fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 2, "save_id": "no spaces please", "answers": map[string]any{}})
	testenv.WantStatus(t, "bad save id", resp, body, 422)
	if !strings.Contains(body, `"item":"save_id"`) {
		t.Fatalf("422 should name save_id: %s", body)
	}
}

// fillFirstSaveRace (in TestFillPageDraft): two tabs' first autosaves race
// through the client API; one gets 200, the other a 409 carrying the
// winner's draft.
func fillFirstSaveRace(t *testing.T, db testenv.DB) {
	t.Parallel()
	fc := newFill(t, db, "support-map")
	for i := 0; i < 20; i++ {
		fc := assignFill(t, fc.env, fc.p, "support-map")
		codes := make([]int, 2)
		bodies := make([]string, 2)
		var wg sync.WaitGroup
		for tab := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				resp, body := fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 0, "answers": map[string]any{"ask_person": []string{"Tab A", "Tab B"}[tab]}})
				codes[tab], bodies[tab] = resp.StatusCode, body
			}()
		}
		wg.Wait()
		win, lose := 0, 1
		if codes[0] != 200 {
			win, lose = 1, 0
		}
		want := []string{`"Tab A"`, `"Tab B"`}[win]
		if codes[win] != 200 || codes[lose] != 409 || !strings.Contains(bodies[lose], `"version":1`) || !strings.Contains(bodies[lose], want) {
			t.Fatalf("race %d: %d %s / %d %s", i, codes[0], bodies[0], codes[1], bodies[1])
		}
	}
}

func asJSON(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
