package worksheets

import (
	"os"
	"testing"
)

// TestValidatedMeasureShape: the format carries what validated measures
// need, shown on an original fixture (testdata/measure.yaml): a total and
// subscale sums with bands, a per-scale min_answered, and an item that
// raises a high flag on any answer above zero.
func TestValidatedMeasureShape(t *testing.T) {
	t.Parallel()
	src, err := os.ReadFile("testdata/measure.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d := mustParse(t, string(src))
	type want struct {
		value    float64 // -1: not scored
		band     string
		prorated bool
	}
	for _, tc := range []struct {
		name    string
		answers Answers
		scores  map[string]want
		flagged bool
	}{
		{"all zero", Answers{"m1": 0.0, "m2": 0.0, "m3": 0.0, "m4": 0.0, "m5": 0.0, "m6": 0.0, "m7": 0.0},
			map[string]want{"total": {0, "low", false}, "pressure": {0, "low", false}, "withdrawal": {0, "low", false}}, false},
		{"mixed, flag item at 1", Answers{"m1": 3.0, "m2": 2.0, "m3": 2.0, "m4": 1.0, "m5": 0.0, "m6": 1.0, "m7": 1.0},
			// total 9 (moderate); pressure 7 (high); withdrawal 2 (low)
			map[string]want{"total": {9, "moderate", false}, "pressure": {7, "high", false}, "withdrawal": {2, "low", false}}, true},
		{"top of every scale", Answers{"m1": 3.0, "m2": 3.0, "m3": 3.0, "m4": 3.0, "m5": 3.0, "m6": 3.0, "m7": 3.0},
			map[string]want{"total": {18, "high", false}, "pressure": {9, "high", false}, "withdrawal": {9, "high", false}}, true},
		{"one withdrawal item skipped", Answers{"m1": 1.0, "m2": 1.0, "m3": 1.0, "m4": 2.0, "m5": 1.0},
			// withdrawal: 2 of 3 answered (its min), mean 1.5 → 4.5 prorated (moderate);
			// total: 5 of 6 answered (its min), mean 1.2 → 7.2 prorated (moderate)
			map[string]want{"total": {7.2, "moderate", true}, "pressure": {3, "low", false}, "withdrawal": {4.5, "moderate", true}}, false},
		{"one pressure item skipped", Answers{"m1": 2.0, "m2": 2.0, "m4": 0.0, "m5": 0.0, "m6": 0.0},
			// pressure needs all 3; total 5 of 6 → mean 0.8 → 4.8 prorated
			map[string]want{"total": {4.8, "low", true}, "pressure": {-1, "", false}, "withdrawal": {0, "low", false}}, false},
		{"two skipped", Answers{"m1": 1.0, "m2": 1.0, "m3": 1.0, "m4": 1.0},
			map[string]want{"total": {-1, "", false}, "pressure": {3, "low", false}, "withdrawal": {-1, "", false}}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, errs := d.ValidateAnswers(tc.answers, Submit)
			if len(errs) != 0 {
				t.Fatal(errs)
			}
			for _, s := range d.Score(a) {
				w := tc.scores[s.Scale]
				switch {
				case w.value < 0 && s.Value != nil:
					t.Errorf("%s scored %v; too few answers", s.Scale, *s.Value)
				case w.value >= 0 && (s.Value == nil || *s.Value != w.value || s.Band != w.band || s.Prorated != w.prorated):
					t.Errorf("%s = %v %q prorated %v (%s), want %v %q %v", s.Scale, deref(s.Value), s.Band, s.Prorated, s.Note, w.value, w.band, w.prorated)
				}
			}
			flags := d.EvaluateFlags(a)
			if got := len(flags) == 1 && flags[0].Severity == SeverityHigh; got != tc.flagged || (!tc.flagged && len(flags) != 0) {
				t.Errorf("flags = %+v, want flagged %v", flags, tc.flagged)
			}
		})
	}
}
