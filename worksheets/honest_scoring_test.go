package worksheets

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

const triadYAML = `key: triad
version: 1
title: Triad
sections:
  - items:
      - {id: a, type: likert, prompt: P, options: &p [{value: 0, label: a}, {value: 1, label: b}, {value: 2, label: c}, {value: 3, label: d}, {value: 4, label: e}]}
      - {id: b, type: likert, prompt: P, options: *p}
      - {id: c, type: likert, prompt: P, options: *p}
scales:
  - id: two_of_three
    title: Two of three
    items: [a, b, -c]
    method: sum
    min_answered: 2
    bands: [{max: 4, label: low}, {label: high}]
  - id: default_rule
    title: Default rule
    items: [a, b, c]
    method: sum
  - id: mean_two
    title: Mean of two of three
    items: [a, b, c]
    method: mean
    min_answered: 2
`

// TestScoreMinAnswered: a scale's min_answered lets it be scored with
// fewer answers, the score is then prorated and says so; without it the
// 80% rule holds.
func TestScoreMinAnswered(t *testing.T) {
	t.Parallel()
	d := mustParse(t, triadYAML)
	v := func(f float64) *float64 { return &f }
	tests := []struct {
		name string
		a    Answers
		want map[string]ScaleScore
	}{
		{"all three: not prorated", Answers{"a": 1.0, "b": 2.0, "c": 4.0}, map[string]ScaleScore{
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Value: v(3), Band: "low", Answered: 3, Total: 3, Max: 12},
			"default_rule": {Scale: "default_rule", Title: "Default rule", Value: v(7), Answered: 3, Total: 3, Max: 12},
		}},
		{"two of three: prorated and marked", Answers{"a": 3.0, "c": 0.0}, map[string]ScaleScore{
			// (3 + (0+4-0)) / 2 = 3.5 answered mean, times 3 items.
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Value: v(10.5), Band: "high", Answered: 2, Total: 3, Max: 12, Prorated: true},
			"mean_two":     {Scale: "mean_two", Title: "Mean of two of three", Value: v(1.5), Answered: 2, Total: 3, Max: 4, Prorated: true},
			// The default rule needs 3 of 3 (80% rounded up).
			"default_rule": {Scale: "default_rule", Title: "Default rule", Answered: 2, Total: 3, Max: 12, Note: "not scored: only 2 of 3 questions answered (3 needed)"},
		}},
		{"one of three: not scored, with the note", Answers{"b": 4.0}, map[string]ScaleScore{
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Answered: 1, Total: 3, Max: 12, Note: "not scored: only 1 of 3 questions answered (2 needed)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range d.Score(tt.a) {
				if want, ok := tt.want[s.Scale]; ok && !reflect.DeepEqual(s, want) {
					t.Errorf("%s:\n got %+v (value %v)\nwant %+v (value %v)", s.Scale, s, deref(s.Value), want, deref(want.Value))
				}
			}
		})
	}
}

// TestParseMinAnsweredAndCourseOrderProblems: out-of-range values are
// reported with their path and line.
func TestParseMinAnsweredAndCourseOrderProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ from, to, path, msg string }{
		{"min_answered: 2\n    bands", "min_answered: 4\n    bands", "scales[0].min_answered", "must be between 1 and 3"},
		{"min_answered: 2\n    bands", "min_answered: 0\n    bands", "scales[0].min_answered", "must be between 1 and 3"},
		{"min_answered: 2\n    bands", "min_answered: two\n    bands", "scales[0].min_answered", "must be a whole number"},
		{"title: Triad\n", "title: Triad\ncourse_order: -1\n", "course_order", "must be between 0 and 9999"},
		{"title: Triad\n", "title: Triad\ncourse_order: 1.5\n", "course_order", "must be a whole number"},
	} {
		src := strings.Replace(triadYAML, tt.from, tt.to, 1)
		_, err := Parse([]byte(src))
		wantProblem(t, err, tt.path, lineOf(src, strings.TrimPrefix(tt.path, "scales[0].")+":"), tt.msg)
	}
}

// TestCourseOrder: course_order parses, and lists sort by it, worksheets
// without one last, then by title.
func TestCourseOrder(t *testing.T) {
	t.Parallel()
	d := mustParse(t, strings.Replace(triadYAML, "title: Triad\n", "title: Triad\ncourse_order: 30\n", 1))
	if d.CourseOrder != 30 {
		t.Fatalf("course_order = %d, want 30", d.CourseOrder)
	}
	defs := []*Definition{
		{Key: "z", Title: "Zed"}, {Key: "b", Title: "Second", CourseOrder: 20}, {Key: "y", Title: "Alpha"},
		{Key: "a", Title: "First", CourseOrder: 10}, {Key: "c", Title: "Also second", CourseOrder: 20},
	}
	sort.SliceStable(defs, func(i, j int) bool { return CourseLess(defs[i], defs[j]) })
	var got []string
	for _, d := range defs {
		got = append(got, d.Key)
	}
	if want := []string{"a", "c", "b", "y", "z"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order = %v, want %v", got, want)
	}
}
