package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tend-health/tend/handlers/api"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

const privateSheet = `key: p1-private
version: 1
title: Private sheet
sections:
  - title: One
    items:
      - id: q1
        type: text
        prompt: Anything?
`

// TestAPIOwnerScope walks the API room's route table: every route
// that names an object must answer another practitioner exactly like an id
// that does not exist (404), and change nothing. A new route with a
// parameter that this table does not know fails the test, so no route can
// ship without an owner check.
func TestAPIOwnerScope(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			ctx := context.Background()
			p1 := f.p
			if resp, body := p1.Send("POST", "/api/v1/worksheets", "application/yaml", privateSheet); resp.StatusCode != 201 {
				t.Fatalf("custom worksheet: %d %s", resp.StatusCode, body)
			}
			// A submitted assignment with a flag, so /flags/:id has a target.
			_, _, err := f.env.Store.Submit(ctx, f.assignment, models.Submission{Answers: worksheets.Answers{},
				Flags: []worksheets.RaisedFlag{{ID: "safety", Severity: "high", Message: "check in"}}})
			if err != nil {
				t.Fatal(err)
			}
			v, _ := f.env.Store.AssignmentByID(ctx, p1.ID, f.assignment)
			if len(v.Flags) != 1 {
				t.Fatalf("fixture flag missing")
			}
			flagID := v.Flags[0].ID
			resp, body := p1.API("POST", "/api/v1/clients/"+f.clientID+"/schedules", map[string]any{"worksheet_keys": []string{"support-map"},
				"every": "week", "weekday": 3, "start_on": "2026-11-04", "count": 4})
			testenv.WantStatus(t, "schedule", resp, body, 201)
			scheduleID := testenv.JSON(t, body)["id"].(string)
			resp, body = p1.Send("POST", "/api/v1/courses", "application/yaml", "key: p1-course\ntitle: Mine\nsteps:\n  - {id: a, worksheet: support-map, day: 0}\n")
			testenv.WantStatus(t, "course", resp, body, 201)
			resp, body = p1.API("POST", "/api/v1/clients/"+f.clientID+"/courses", map[string]any{"course_key": "p1-course", "start_on": "2026-11-05"})
			testenv.WantStatus(t, "enrol", resp, body, 201)
			enrolmentID := testenv.JSON(t, body)["id"].(string)
			params := map[string]string{
				"/api/v1/clients/:id":             f.clientID,
				"/api/v1/clients/:id/assignments": f.clientID,
				"/api/v1/clients/:id/summary.pdf": f.clientID,
				"/api/v1/clients/:id/home-link":   f.clientID,
				"/api/v1/assignments/:id":         f.assignment,
				"/api/v1/assignments/:id/link":    f.assignment,
				"/api/v1/assignments/:id/review":  f.assignment,
				"/api/v1/assignments/:id/pdf":     f.assignment,
				"/api/v1/flags/:id/acknowledge":   flagID,
				"/api/v1/worksheets/:key":         "p1-private",
				"/api/v1/clients/:id/schedules":   f.clientID,
				"/api/v1/schedules/:id":           scheduleID,
				"/api/v1/courses/:key":            "p1-course",
				"/api/v1/clients/:id/courses":     f.clientID,
				"/api/v1/enrolments/:id":          enrolmentID,
			}
			bodies := map[string]any{
				"/api/v1/clients/:id":             map[string]any{"display_name": "Taken over"},
				"/api/v1/clients/:id/assignments": map[string]any{"worksheet_key": "support-map"},
				"/api/v1/clients/:id/schedules":   map[string]any{"worksheet_keys": []string{"support-map"}, "every": "week", "weekday": 3, "start_on": "2026-11-04", "count": 4},
				"/api/v1/schedules/:id":           map[string]any{"paused": true},
				"/api/v1/clients/:id/courses":     map[string]any{"course_key": "doing-it-all-alone", "start_on": "2026-11-05"},
			}
			homeTok, err := f.env.Store.IssueHomeLink(ctx, p1.ID, f.clientID)
			if err != nil {
				t.Fatal(err)
			}
			p2 := f.env.NewPractitioner("Mallory", false)
			checked := 0
			// The API room's own table: every route it registers, whatever
			// its prefix (the client API /api/v1/fill is the fill room's).
			for _, r := range testenv.Routes(api.New(f.env.Kit()).Routes) {
				if !strings.Contains(r.Path, ":") {
					continue
				}
				id, ok := params[r.Path]
				if !ok {
					t.Errorf("route %s %s has a parameter but no row in the owner-scope table: add one", r.Method, r.Path)
					continue
				}
				path := strings.NewReplacer(":id", id, ":key", id).Replace(r.Path)
				var body any
				if r.Method != "GET" && r.Method != "DELETE" {
					body = bodies[r.Path]
					if body == nil {
						body = map[string]any{}
					}
				}
				resp, got := p2.API(r.Method, path, body)
				if resp.StatusCode != 404 {
					t.Errorf("%s %s as another practitioner: want 404, got %d %s", r.Method, r.Path, resp.StatusCode, got)
				}
				checked++
			}
			if checked < len(params) {
				t.Errorf("only %d routes checked; the table has %d", checked, len(params))
			}
			// Nothing changed: the client keeps its name, the assignment its
			// state and link, the flag is still unacknowledged.
			c, err := f.env.Store.ClientByID(ctx, p1.ID, f.clientID)
			if err != nil || c.DisplayName != "Sam K." || c.ArchivedAt != nil {
				t.Fatalf("client changed by another practitioner: %+v %v", c, err)
			}
			v, _ = f.env.Store.AssignmentByID(ctx, p1.ID, f.assignment)
			if v.Status != models.StatusSubmitted || v.Flags[0].AcknowledgedAt != nil {
				t.Fatalf("assignment changed by another practitioner: %s", v.Status)
			}
			if _, err := f.env.Store.AssignmentByLink(ctx, linkToken(f.link)); err != nil {
				t.Fatalf("link changed by another practitioner: %v", err)
			}
			if sv, err := f.env.Store.ScheduleByID(ctx, p1.ID, scheduleID); err != nil || sv.State != models.ScheduleActive {
				t.Fatalf("schedule changed by another practitioner: %v %+v", err, sv)
			}
			if ev, err := f.env.Store.EnrolmentByID(ctx, p1.ID, enrolmentID); err != nil || ev.StoppedAt != nil {
				t.Fatalf("course changed by another practitioner: %v", err)
			}
			if _, err := f.env.Store.ClientByHomeLink(ctx, homeTok); err != nil {
				t.Fatalf("home link changed by another practitioner: %v", err)
			}
			// And p2's lists do not show p1's objects.
			for _, path := range []string{"/api/v1/clients", "/api/v1/assignments", "/api/v1/worksheets", "/api/v1/courses"} {
				_, body := p2.API("GET", path, nil)
				if strings.Contains(body, f.clientID) || strings.Contains(body, f.assignment) || strings.Contains(body, "p1-private") || strings.Contains(body, "p1-course") {
					t.Errorf("%s leaks another practitioner's objects", path)
				}
			}
		})
	}
}
