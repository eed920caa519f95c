package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// releasesFor gives w's client a weekly schedule (through the editor) and
// a course of w.p's own ("my-course", uploaded through the courses page),
// and returns the schedule's and the enrolment's ids.
func releasesFor(t *testing.T, w *pgWorld) (schedule, enrolment string) {
	t.Helper()
	resp, body := w.web.PostForm("/clients/"+w.clientID+"/schedules", url.Values{"worksheet": {"self-reliance-checkin", "support-map"},
		"every": {"week"}, "weekday": {"3"}, "start_on": {"2026-11-04"}, "ends": {"count"}, "count": {"4"}, "due_after_days": {"2"},
		"release_time": {"08:00"}})
	testenv.WantStatus(t, "schedule", resp, body, 303)
	ss, err := w.env.Store.Schedules(w.ctx(), w.p.ID, w.clientID)
	if err != nil || len(ss) != 1 {
		t.Fatalf("schedules: %v %d", err, len(ss))
	}
	course := "key: my-course\ntitle: Plan then look back\nsteps:\n  - {id: plan, worksheet: small-steps-experiment, day: 0}\n  - {id: back, worksheet: support-map, after: {step: plan, days: 7}}\n"
	resp, body = w.web.PostForm("/courses", url.Values{"yaml": {course}})
	testenv.WantStatus(t, "course", resp, body, 303)
	resp, body = w.web.PostForm("/clients/"+w.clientID+"/courses", url.Values{"course": {"my-course"}, "start_on": {"2026-11-02"}, "release_time": {"09:30"}})
	testenv.WantStatus(t, "enrol", resp, body, 303)
	es, err := w.env.Store.Enrolments(w.ctx(), w.p.ID, w.clientID)
	if err != nil || len(es) != 1 {
		t.Fatalf("enrolments: %v %d", err, len(es))
	}
	return ss[0].ID, es[0].ID
}

// TestScheduleEditorPages: the editor refuses bad input beside each field
// with 422 and saves nothing; a good schedule shows on the client page
// with its next date; pause, resume and stop work from there without
// JavaScript; released work shows on Today.
func TestScheduleEditorPages(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID + "/schedules"
		resp, body := w.web.Get(path + "/new")
		testenv.WantStatus(t, "editor", resp, body, 200)
		if !strings.Contains(body, `name="worksheet" id="ws-support-map"`) || !strings.Contains(body, `value="12"`) {
			t.Fatalf("editor: %s", body)
		}
		resp, body = w.web.PostForm(path, url.Values{"worksheet": {"support-map"}, "every": {"week"}, "weekday": {"8"},
			"start_on": {"2026-11-10"}, "ends": {"until"}, "until_on": {"2026-11-01"}, "due_after_days": {"2"}})
		testenv.WantStatus(t, "bad schedule", resp, body, 422)
		for _, want := range []string{`id="weekday-error">The day must be 1 (Monday) to 7 (Sunday).`,
			`id="until_on-error">The end date must be on or after the start date.`} {
			if !strings.Contains(body, want) {
				t.Errorf("missing %q", want)
			}
		}
		if !strings.Contains(body, `id="ws-support-map" value="support-map" checked`) {
			t.Error("the ticked worksheet was lost")
		}
		if ss, _ := w.env.Store.Schedules(w.ctx(), w.p.ID, w.clientID); len(ss) != 0 {
			t.Fatal("a refused schedule was saved")
		}
		sched, enrolment := releasesFor(t, w)
		_, body = w.web.Get("/clients/" + w.clientID)
		for _, want := range []string{"Every Wednesday at 08:00", "Weekly check-in - doing it all alone, My support map",
			"Next: Wed 4 Nov 2026", "0 of 4 sent", "Plan then look back", "Course · 0 of 2 sent"} {
			if !strings.Contains(body, want) {
				t.Errorf("client page: missing %q", want)
			}
		}
		resp, body = w.web.PostForm("/schedules/"+sched+"/pause", nil)
		testenv.WantStatus(t, "pause", resp, body, 303)
		if _, body = w.web.Get("/clients/" + w.clientID); !strings.Contains(body, ">Paused<") || !strings.Contains(body, "/schedules/"+sched+"/resume") {
			t.Error("paused schedule not shown as paused")
		}
		w.web.PostForm("/schedules/"+sched+"/resume", nil)
		resp, body = w.web.Get("/schedules/" + sched + "/edit")
		testenv.WantStatus(t, "edit page", resp, body, 200)
		resp, body = w.web.PostForm("/schedules/"+sched, url.Values{"worksheet": {"support-map"}, "every": {"2weeks"}, "weekday": {"5"},
			"start_on": {"2026-11-02"}, "ends": {"count"}, "count": {"6"}, "due_after_days": {"3"}, "release_time": {"07:45"}})
		testenv.WantStatus(t, "edit", resp, body, 303)
		if _, body = w.web.Get("/clients/" + w.clientID); !strings.Contains(body, "Every other Friday at 07:45") || !strings.Contains(body, "Next: Fri 6 Nov 2026") {
			t.Errorf("edited schedule: %s", body[strings.Index(body, "sched-h"):][:800])
		}

		w.env.Clock.Advance(time.Date(2026, 11, 2, 9, 45, 0, 0, time.UTC).Sub(w.env.Clock.Now()))
		if _, err := w.env.Store.ReleaseDue(w.ctx(), w.env.Clock.Now()); err != nil {
			t.Fatal(err)
		}
		_, body = w.web.Get("/")
		if !strings.Contains(body, "Sent today by schedules and courses") || !strings.Contains(body, "Small steps") {
			t.Errorf("Today does not show the course's release")
		}
		_, body = w.web.Get("/enrolments/" + enrolment)
		if !strings.Contains(body, "Sent Mon 2 Nov 2026") || !strings.Contains(body, "To be sent 7 days after “Small steps: the plan” is sent back") {
			t.Errorf("progress page: %s", body)
		}
		resp, body = w.web.PostForm("/schedules/"+sched+"/stop", nil)
		testenv.WantStatus(t, "stop", resp, body, 303)
		if v, _ := w.env.Store.ScheduleByID(w.ctx(), w.p.ID, sched); v.State != models.ScheduleStopped {
			t.Errorf("stop: %s", v.State)
		}
		resp, body = w.web.PostForm("/courses", url.Values{"yaml": {"key: loop\ntitle: L\nsteps:\n  - {id: a, worksheet: support-map, after: {step: a, days: 1}}\n"}})
		testenv.WantStatus(t, "bad course", resp, body, 422)
		if !strings.Contains(body, "Line 4") || !strings.Contains(body, "names the step itself") {
			t.Errorf("course problems: %s", body)
		}
	})
}
