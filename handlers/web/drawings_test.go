package web_test

import (
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// TestReviewDrawings: the review page of a support map draws the people
// as circles (initials only, never the "what stops me" words) beside a
// table; a timeline review draws its moments above and below the line;
// a worksheet of another shape has neither.
func TestReviewDrawings(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		sm := w.assign("support-map")
		w.submit(sm, worksheets.Answers{"anyone_comes_to_mind": "some_people", "people": []any{
			map[string]any{"initials": "J.M.", "closeness": 5.0, "last_asked": "recent", "what_stops": "She is busy"},
			map[string]any{"initials": "R.", "closeness": 2.0, "last_asked": "never", "could_help_with": []any{"practical"}},
		}})
		_, page := w.web.Get("/assignments/" + sm)
		wantBody(t, "support map review", page, `<svg class="support-map"`, `<g class="person asked-recent"><title>J.M.: very close (5), asked in the last month</title>`,
			`<g class="person asked-not-recent">`, `<caption>The people on the map</caption>`, `<td>Practical things, like a lift or a job</td>`)
		svg := page[strings.Index(page, `<svg class="support-map"`):]
		if svg = svg[:strings.Index(svg, "</svg>")]; strings.Contains(svg, "She is busy") {
			t.Error("the drawing shows more than initials")
		}

		tl := w.assign("relational-timeline")
		w.submit(tl, worksheets.Answers{"moments": []any{
			map[string]any{"age": 8.0, "trust_effect": 2.0, "event": "Moved school"},
			map[string]any{"age": 19.0, "kind": "private"},
		}})
		_, page = w.web.Get("/assignments/" + tl)
		wantBody(t, "timeline review", page, `<svg class="timeline"`, `<g class="moment m-less"><title>Moment 1, age 8: 2 out of 10</title>`,
			`<g class="moment m-private">`, `<td>private moment</td>`)

		other := w.assign("delegation-at-work")
		w.submit(other, worksheets.Answers{})
		_, page = w.web.Get("/assignments/" + other)
		wantNoBody(t, "other review", page, `<svg class="support-map"`, `<svg class="timeline"`)
	})
}

// TestAskedHelpTally: the client page counts "Did you ask anyone for
// help?" by week beside the score trends: a week skipped stays a gap, a
// draft and another client's answers do not count.
func TestAskedHelpTally(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		_, page := w.web.Get("/clients/" + w.clientID)
		wantNoBody(t, "client page before any check-in", page, "Did you ask anyone for help?")
		for i, asked := range []bool{true, false, true} {
			if i == 2 {
				w.later(7) // a week with no check-in
			}
			id := w.assign("weekly-connection-checkin")
			w.submit(id, worksheets.Answers{"asked_help": asked})
			w.later(7)
		}
		draft := w.assign("weekly-connection-checkin")
		if _, _, err := w.env.Store.SaveDraft(w.ctx(), draft, 0, worksheets.Answers{"asked_help": true}); err != nil {
			t.Fatal(err)
		}

		_, page = w.web.Get("/clients/" + w.clientID)
		wantBody(t, "client page", page, "<h3>Did you ask anyone for help?</h3>", "Asked in 2 of 3 weeks answered.",
			`<rect class="tally-yes"`, `<rect class="tally-no"`, "<td>no answer</td>", "<td>asked</td>", "<td>did not ask</td>")
		if n := strings.Count(page, "<td>no answer</td>"); n != 1 {
			t.Errorf("%d weeks without an answer, want 1", n)
		}
		resp, page := w.otherWeb.Get("/clients/" + w.clientID)
		testenv.WantStatus(t, "another practitioner", resp, page, 404)
	})
}
