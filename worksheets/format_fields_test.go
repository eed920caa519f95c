package worksheets

import (
	"reflect"
	"sort"
	"strings"
	"testing"
)

// TestParseMinAnsweredAndCourseOrderProblems: out-of-range values are
// reported with their path and line.
func TestParseMinAnsweredAndCourseOrderProblems(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ from, to, path, msg string }{
		{"min_answered: 2\n    bands", "min_answered: 4\n    bands", "scales[4].min_answered", "must be between 1 and 3 (the number of items on the scale)"},
		{"min_answered: 2\n    bands", "min_answered: 0\n    bands", "scales[4].min_answered", "must be between 1 and 3 (the number of items on the scale)"},
		{"min_answered: 2\n    bands", "min_answered: two\n    bands", "scales[4].min_answered", "must be a whole number"},
		{"title: Scoring\n", "title: Scoring\ncourse_order: -1\n", "course_order", "must be between 0 and 9999"},
		{"title: Scoring\n", "title: Scoring\ncourse_order: 1.5\n", "course_order", "must be a whole number"},
	} {
		src := strings.Replace(scoringYAML, tt.from, tt.to, 1)
		_, err := Parse([]byte(src))
		wantProblem(t, err, tt.path, lineOf(src, strings.TrimPrefix(tt.path, "scales[4].")+":"), tt.msg)
	}
}

// TestCourseOrder: course_order parses, and lists sort by it, worksheets
// without one last, then by title.
func TestCourseOrder(t *testing.T) {
	t.Parallel()
	d := mustParse(t, strings.Replace(scoringYAML, "title: Scoring\n", "title: Scoring\ncourse_order: 30\n", 1))
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
