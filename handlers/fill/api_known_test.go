package fill_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// TestFillAPIDraftKnownLink: once the server has seen a link, its usual
// autosaves take one statement (apiFillDraftKnown); every other save
// through it is answered as before: a risk answer raises its flag and a
// calm one withdraws it, and a reissued link's old token or an expired
// link is refused (401) with nothing saved.
func TestFillAPIDraftKnownLink(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		version := 0
		put := func(want int, ans map[string]any) {
			t.Helper()
			resp, body := fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": version, "answers": ans})
			testenv.WantStatus(t, "autosave", resp, body, want)
			if want == 200 {
				version = int(testenv.JSON(t, body)["version"].(float64))
			}
		}
		stress := func() any {
			v, err := fc.env.Store.FillAssignment(context.Background(), fc.assignment)
			if err != nil {
				t.Fatal(err)
			}
			return v.Answers["stress"]
		}
		put(200, map[string]any{"stress": 1})
		put(200, map[string]any{"stress": 2})
		if version != 2 || stress() != 2.0 {
			t.Fatalf("after two saves: v%d stress %v", version, stress())
		}
		put(200, map[string]any{"stress": 3, "harm_thoughts": true})
		if f := fc.flagsOf(); len(f) != 1 || f[0]["source"] != "draft" || f[0]["withdrawn_at"] != nil {
			t.Fatalf("a risk answer through a known link: flags %v", f)
		}
		put(200, map[string]any{"stress": 4, "harm_thoughts": false})
		if f := fc.flagsOf(); len(f) != 1 || f[0]["withdrawn_at"] == nil {
			t.Fatalf("a calm answer after it did not withdraw the flag: %v", f)
		}

		resp, body := fc.p.API("POST", "/api/v1/assignments/"+fc.assignment+"/link", nil)
		testenv.WantStatus(t, "reissue", resp, body, 201)
		link := testenv.JSON(t, body)["link"].(string)
		put(401, map[string]any{"stress": 5})
		if version != 4 || stress() != 4.0 {
			t.Fatalf("the old token saved: v%d stress %v", version, stress())
		}
		fc.token = link[strings.LastIndex(link, "/")+1:]
		put(200, map[string]any{"stress": 5})
		put(200, map[string]any{"stress": 6})

		fc.env.Clock.Advance(3 * 365 * 24 * time.Hour)
		put(401, map[string]any{"stress": 7})
		if version != 6 || stress() != 6.0 {
			t.Fatalf("an expired link saved: v%d stress %v", version, stress())
		}
	})
}
