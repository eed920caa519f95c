package views

import (
	"math"
	"strings"
	"testing"

	"github.com/tend-health/tend/worksheets"
)

func builtin(t *testing.T, key string) *worksheets.Definition {
	t.Helper()
	defs, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if d.Key == key {
			return d
		}
	}
	t.Fatalf("no built-in %s", key)
	return nil
}

// TestSupportMapCircles: closer people sit nearer the middle, each on its
// own ring; colour follows "asked in the last month"; initials only (cut
// to four letters on the dot, whole in the table); a person without a
// closeness rating is in the table but not drawn.
func TestSupportMapCircles(t *testing.T) {
	t.Parallel()
	d := builtin(t, "support-map")
	a, errs := d.ValidateAnswers(worksheets.Answers{"people": []any{
		map[string]any{"initials": "J.M.", "closeness": 5.0, "last_asked": "recent", "could_help_with": []any{"emotional", "company"}},
		map[string]any{"initials": "A.B.", "closeness": 1.0, "last_asked": "never"},
		map[string]any{"initials": "LONGNAME", "closeness": 3.0},
		map[string]any{"initials": "Q."},
	}}, worksheets.Submit)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	m := NewSupportMap(d, a)
	if m == nil || len(m.People) != 3 || len(m.Rows) != 4 || m.Unplaced != 1 {
		t.Fatalf("map = %+v", m)
	}
	dist := func(p MapPerson) float64 { return math.Hypot(p.X-m.CX, p.Y-m.CY) }
	jm, ab, long := m.People[0], m.People[1], m.People[2]
	if !(dist(jm) < dist(long) && dist(long) < dist(ab)) {
		t.Errorf("distance from the middle: very close %.1f, fairly close %.1f, not close %.1f", dist(jm), dist(long), dist(ab))
	}
	for _, p := range m.People {
		if dist(p)+p.R > m.Rings[0].R+0.01 || dist(p)-p.R < m.MeR-0.01 {
			t.Errorf("%s is outside the rings: %.1f", p.Initials, dist(p))
		}
	}
	if jm.Asked != "recent" || ab.Asked != "not-recent" || long.Asked != "unknown" || long.Initials != "LONG" {
		t.Errorf("people = %+v", m.People)
	}
	if r := m.Rows[0]; r.Initials != "J.M." || r.Closeness != "Very close (5)" || r.LastAsked != "In the last month" ||
		r.HelpWith != "Listening and comfort, Company, like a walk or a meal" {
		t.Errorf("row = %+v", r)
	}
	if m.Rows[2].Initials != "LONGNAME" || !strings.Contains(m.Summary, "1 without a closeness rating") {
		t.Errorf("rows %+v, summary %q", m.Rows, m.Summary)
	}

	if m := NewSupportMap(d, worksheets.Answers{"anyone_comes_to_mind": "no_one_yet"}); m == nil || !m.NoOneYet {
		t.Errorf("no one yet: %+v", m)
	}
	if m := NewSupportMap(d, worksheets.Answers{}); m != nil {
		t.Errorf("an empty map is drawn: %+v", m)
	}
	if m := NewSupportMap(builtin(t, "delegation-at-work"), a); m != nil {
		t.Error("a worksheet of another shape got a support map")
	}
}

// TestTimelineAxis: ages run left to right; a moment that made the client
// trust people more sits above the line, less below, "no change" on it;
// a private moment sits on the line; one without an age is in the table.
func TestTimelineAxis(t *testing.T) {
	t.Parallel()
	d := builtin(t, "relational-timeline")
	a, errs := d.ValidateAnswers(worksheets.Answers{"moments": []any{
		map[string]any{"age": 7.0, "trust_effect": 1.0, "event": "e"},
		map[string]any{"age": 15.0, "trust_effect": 9.0},
		map[string]any{"age": 15.0, "trust_effect": 5.0},
		map[string]any{"age": 30.0, "kind": "private"},
		map[string]any{"trust_effect": 6.0},
	}}, worksheets.Submit)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	tl := NewTimeline(d, a)
	if tl == nil || len(tl.Moments) != 4 || len(tl.Rows) != 5 || tl.Undated != 1 {
		t.Fatalf("timeline = %+v", tl)
	}
	m := tl.Moments
	if !(m[0].X < m[1].X && m[1].X < m[3].X) || m[1].X == m[2].X {
		t.Errorf("x: %v %v %v %v", m[0].X, m[1].X, m[2].X, m[3].X)
	}
	if !(m[0].Y > tl.AxisY && m[1].Y < tl.AxisY && m[2].Y == tl.AxisY && m[3].Y == tl.AxisY) {
		t.Errorf("y (line at %v): %v %v %v %v", tl.AxisY, m[0].Y, m[1].Y, m[2].Y, m[3].Y)
	}
	if m[0].Kind != "less" || m[1].Kind != "more" || m[2].Kind != "same" || m[3].Kind != "private" {
		t.Errorf("kinds: %+v", m)
	}
	for _, mm := range m {
		if mm.X-mm.R < 0 || mm.X+mm.R > tl.W || mm.Y-mm.R < 0 || mm.Y+mm.R > tl.H {
			t.Errorf("moment %s outside the picture: %+v", mm.N, mm)
		}
	}
	if first, last := tl.Ticks[0], tl.Ticks[len(tl.Ticks)-1]; first.Label != "5" || last.Label != "30" {
		t.Errorf("ticks %+v", tl.Ticks)
	}
	if r := tl.Rows[3]; r.Effect != "private moment" || r.Age != "30" || tl.Rows[4].Age != "not given" {
		t.Errorf("rows %+v", tl.Rows)
	}
	if NewTimeline(d, worksheets.Answers{}) != nil || NewTimeline(builtin(t, "support-map"), a) != nil {
		t.Error("a timeline without moments, or of another worksheet, was drawn")
	}
}
