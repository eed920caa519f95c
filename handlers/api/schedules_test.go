package api_test

import (
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestAPISchedules: a schedule is made, paused, resumed, edited and
// stopped through the API; every bad field is a 422 naming it, and a
// refused schedule leaves nothing behind.
func TestAPISchedules(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p, path := f.p, "/api/v1/clients/"+f.clientID+"/schedules"
			good := func(change map[string]any) map[string]any {
				m := map[string]any{"worksheet_keys": []string{"self-reliance-checkin", "weekly-connection-checkin"},
					"every": "week", "weekday": 1, "start_on": "2026-11-09", "count": 12, "due_after_days": 3}
				for k, v := range change {
					if v == nil {
						delete(m, k)
					} else {
						m[k] = v
					}
				}
				return m
			}
			bad := []struct {
				change map[string]any
				field  string
			}{
				{map[string]any{"until_on": "2026-11-01", "count": nil}, "until_on"},
				{map[string]any{"count": 0}, "count"},
				{map[string]any{"count": 521}, "count"},
				{map[string]any{"weekday": 8}, "weekday"},
				{map[string]any{"weekday": 0}, "weekday"},
				{map[string]any{"every": "day"}, "every"},
				{map[string]any{"worksheet_keys": []string{"self-reliance-checkin", "no-such-sheet"}}, "worksheet_keys[1]"},
				{map[string]any{"start_on": "2026-10-01"}, "start_on"},
				{map[string]any{"until_on": "2027-01-01"}, "count"},
			}
			for _, b := range bad {
				resp, body := p.API("POST", path, good(b.change))
				testenv.WantStatus(t, "bad schedule", resp, body, 422)
				if !strings.Contains(body, `"field":"`+b.field+`"`) {
					t.Errorf("%v: the 422 does not name %s: %s", b.change, b.field, body)
				}
			}
			if _, body := p.API("GET", path, nil); !strings.Contains(body, `"data":[]`) {
				t.Fatalf("refused schedules left something: %s", body)
			}

			resp, body := p.API("POST", path, good(nil))
			testenv.WantStatus(t, "create", resp, body, 201)
			s := testenv.JSON(t, body)
			id := s["id"].(string)
			if s["next_release_on"] != "2026-11-09" || s["state"] != "active" || s["release_time"] != "08:00" {
				t.Fatalf("created: %s", body)
			}
			resp, body = p.API("PATCH", "/api/v1/schedules/"+id, map[string]any{"paused": true})
			testenv.WantStatus(t, "pause", resp, body, 200)
			if s = testenv.JSON(t, body); s["state"] != "paused" || s["next_release_on"] != nil {
				t.Fatalf("paused: %s", body)
			}
			resp, body = p.API("PATCH", "/api/v1/schedules/"+id, map[string]any{"paused": false, "every": "2weeks", "weekday": 4})
			testenv.WantStatus(t, "resume and edit", resp, body, 200)
			if s = testenv.JSON(t, body); s["state"] != "active" || s["next_release_on"] != "2026-11-05" || s["every"] != "2weeks" {
				t.Fatalf("resumed: %s", body)
			}
			resp, body = p.API("PATCH", "/api/v1/schedules/"+id, map[string]any{"weekday": 9})
			testenv.WantStatus(t, "bad edit", resp, body, 422)
			resp, body = p.API("DELETE", "/api/v1/schedules/"+id, nil)
			testenv.WantStatus(t, "stop", resp, body, 204)
			_, body = p.API("GET", "/api/v1/schedules/"+id, nil)
			if s = testenv.JSON(t, body); s["state"] != "stopped" {
				t.Fatalf("stopped: %s", body)
			}
			resp, body = p.API("PATCH", "/api/v1/schedules/"+id, map[string]any{"paused": false})
			testenv.WantStatus(t, "resume a stopped one", resp, body, 409)
		})
	}
}

// TestAPICourses: the built-in course is listed; an uploaded course with a
// loop, an unknown step or an unknown worksheet is a 422 with the path and
// line of each problem; a good one saves and a client is enrolled in it.
func TestAPICourses(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p := f.p
			_, body := p.API("GET", "/api/v1/courses", nil)
			if !strings.Contains(body, `"key":"doing-it-all-alone"`) || !strings.Contains(body, `"source":"builtin"`) {
				t.Fatalf("courses: %s", body)
			}
			// Copy the built-in course: download its YAML, give it a key of
			// one's own, upload it.
			req := httptest.NewRequest("GET", "/api/v1/courses/doing-it-all-alone", nil)
			req.Header.Set("Authorization", "Bearer "+p.APIToken)
			req.Header.Set("Accept", "application/yaml")
			resp, body := f.env.Do(req)
			testenv.WantStatus(t, "download", resp, body, 200)
			if !strings.Contains(body, "key: doing-it-all-alone") || !strings.Contains(body, "after: {step: plan, days: 7}") {
				t.Fatalf("yaml: %s", body)
			}
			copied := strings.Replace(body, "key: doing-it-all-alone", "key: my-copy", 1)
			resp, body = p.Send("POST", "/api/v1/courses", "application/yaml", copied)
			testenv.WantStatus(t, "upload the copy", resp, body, 201)
			loop := "key: mine\ntitle: Mine\nsteps:\n  - {id: a, worksheet: support-map, after: {step: b, days: 7}}\n  - {id: b, worksheet: support-map, after: {step: a, days: 7}}\n"
			resp, body = p.Send("POST", "/api/v1/courses", "application/yaml", loop)
			testenv.WantStatus(t, "loop", resp, body, 422)
			if !strings.Contains(body, `"path":"steps[0].after.step","line":4`) || !strings.Contains(body, "a → b → a") {
				t.Errorf("loop: %s", body)
			}
			unknown := "key: mine\ntitle: Mine\nsteps:\n  - {id: a, worksheet: support-map, day: 0}\n  - {id: b, worksheet: nope-sheet, after: {step: z, days: 7}}\n"
			resp, body = p.Send("POST", "/api/v1/courses", "application/yaml", unknown)
			testenv.WantStatus(t, "unknown", resp, body, 422)
			if !strings.Contains(body, `"path":"steps[1].after.step","line":5`) || !strings.Contains(body, `"path":"steps[1].worksheet","line":5`) {
				t.Errorf("unknown: %s", body)
			}
			resp, body = p.Send("POST", "/api/v1/courses", "application/json", `{"key":"doing-it-all-alone","title":"Mine","steps":[{"id":"a","worksheet":"support-map","day":0}]}`)
			testenv.WantStatus(t, "a built-in key", resp, body, 409)
			good := "key: mine\ntitle: Plan and follow-up\nsteps:\n  - {id: plan, worksheet: small-steps-experiment, day: 0}\n  - {id: after, worksheet: support-map, after: {step: plan, days: 7}}\n"
			resp, body = p.Send("POST", "/api/v1/courses", "application/yaml", good)
			testenv.WantStatus(t, "good", resp, body, 201)

			path := "/api/v1/clients/" + f.clientID + "/courses"
			resp, body = p.API("POST", path, map[string]any{"course_key": "nope", "start_on": "2026-11-03"})
			testenv.WantStatus(t, "unknown course", resp, body, 422)
			resp, body = p.API("POST", path, map[string]any{"course_key": "mine", "start_on": "2026-11-03"})
			testenv.WantStatus(t, "enrol", resp, body, 201)
			e := testenv.JSON(t, body)
			steps := e["steps"].([]any)
			if len(steps) != 2 || steps[0].(map[string]any)["state"] != "scheduled" || steps[1].(map[string]any)["state"] != "waiting" {
				t.Fatalf("enrolled: %s", body)
			}
			_, body = p.API("GET", path, nil)
			if !strings.Contains(body, `"course_key":"mine"`) {
				t.Fatalf("list: %s", body)
			}
			eid := e["id"].(string)
			resp, body = p.API("GET", "/api/v1/enrolments/"+eid, nil)
			testenv.WantStatus(t, "one enrolment", resp, body, 200)
			resp, body = p.API("DELETE", "/api/v1/enrolments/"+eid, nil)
			testenv.WantStatus(t, "stop", resp, body, 204)
			_, body = p.API("GET", "/api/v1/enrolments/"+eid, nil)
			if testenv.JSON(t, body)["stopped_at"] == nil {
				t.Fatalf("stopped: %s", body)
			}
		})
	}
}
