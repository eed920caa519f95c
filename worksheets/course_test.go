package worksheets

import (
	"strings"
	"testing"
)

func TestBuiltinCourses(t *testing.T) {
	t.Parallel()
	cs, err := BuiltinCourses()
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) != 1 || cs[0].Key != "doing-it-all-alone" || cs[0].Title != "Doing it all alone — 8 weeks" {
		t.Fatalf("built-in courses: %+v", cs)
	}
	f := cs[0].Steps[cs[0].StepIndex("follow-up")]
	if f.After == nil || f.After.Step != "plan" || f.After.Days != 7 {
		t.Errorf("the follow-up comes 7 days after the plan is sent: %+v", f)
	}
}

func TestCourseProblemsAreLocated(t *testing.T) {
	t.Parallel()
	known := func(k string) bool { return k == "support-map" }
	cases := []struct{ name, src, want string }{
		{"cycle", `key: c
title: C
steps:
  - {id: a, worksheet: support-map, after: {step: b, days: 1}}
  - {id: b, worksheet: support-map, after: {step: a, days: 1}}
`, "steps[0].after.step: makes a loop (a → b → a): no step in it could ever be released (line 4)"},
		{"unknown step", `key: c
title: C
steps:
  - {id: a, worksheet: support-map, day: 0}
  - id: b
    worksheet: support-map
    after: {step: nope, days: 7}
`, "steps[1].after.step: names no step of this course (line 7)"},
		{"unknown worksheet", `key: c
title: C
steps:
  - id: a
    worksheet: no-such-sheet
    day: 0
`, "steps[0].worksheet: is not a worksheet you have (no worksheet with this key) (line 5)"},
		{"both timings", `key: c
title: C
steps:
  - {id: a, worksheet: support-map, day: 0, after: {step: a, days: 1}}
`, "steps[0]: needs either day"},
		{"unknown field", `key: c
title: C
steps:
  - {id: a, worksheet: support-map, day: 0, every: week}
`, "steps[0].every: is not a known field here"},
		{"self", `key: c
title: C
steps:
  - {id: a, worksheet: support-map, after: {step: a, days: 2}}
`, "steps[0].after.step: names the step itself (line 4)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseCourse([]byte(tc.src), known)
			de, ok := err.(*DefinitionError)
			if !ok {
				t.Fatalf("want a DefinitionError, got %v", err)
			}
			if !strings.Contains(de.String(), tc.want) {
				t.Errorf("want %q in\n%s", tc.want, de.String())
			}
		})
	}
	if _, err := ParseCourseJSON([]byte(`{"key":"c","title":"C","steps":[{"id":"a","worksheet":"support-map","after":{"step":"zz","days":1}}]}`), known); err == nil ||
		!strings.Contains(err.(*DefinitionError).String(), "steps[0].after.step: names no step") {
		t.Errorf("JSON: %v", err)
	}
}

// TestBuiltinCourseFollowsTheLibrary: the 8-week course uses every
// built-in worksheet but the ones left to the practitioner's judgement,
// first release of each in the library's course order.
func TestBuiltinCourseFollowsTheLibrary(t *testing.T) {
	t.Parallel()
	cs, err := BuiltinCourses()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := Library()
	if err != nil {
		t.Fatal(err)
	}
	order := map[string]int{}
	for _, d := range lib {
		order[d.Key] = d.CourseOrder
	}
	byHand := map[string]bool{"delegation-at-work": true, "letting-partner-in": true, "safety-plan": true}
	used, last := map[string]bool{}, 0
	for _, s := range cs[0].Steps {
		if used[s.Worksheet] || strings.Contains(s.Worksheet, "checkin") {
			used[s.Worksheet] = true
			continue
		}
		used[s.Worksheet] = true
		if order[s.Worksheet] < last {
			t.Errorf("step %s (%s, course order %d) comes after course order %d", s.ID, s.Worksheet, order[s.Worksheet], last)
		}
		last = order[s.Worksheet]
	}
	for _, d := range lib {
		if !used[d.Key] && !byHand[d.Key] {
			t.Errorf("the built-in course leaves out %s", d.Key)
		}
		if used[d.Key] && byHand[d.Key] {
			t.Errorf("%s is meant to be assigned by hand, not by the course", d.Key)
		}
	}
}
