package worksheets

import (
	"fmt"
	"math"
	"reflect"
	"strings"
	"testing"
)

func library(t *testing.T) []*Definition {
	t.Helper()
	defs, err := Library()
	if err != nil {
		t.Fatalf("Library: %v", err)
	}
	return defs
}

func TestLibrary(t *testing.T) {
	t.Parallel()
	defs := library(t)
	want := append([]string{"delegation-at-work", "help-seeking-origins", "relational-timeline", "self-reliance-checkin",
		"support-map", "weekly-connection-checkin"}, courseKeys...)
	var keys []string
	for _, d := range defs {
		keys = append(keys, d.Key)
	}
	for _, k := range want {
		if !strings.Contains(strings.Join(keys, " "), k) {
			t.Errorf("built-in %s missing (have %v)", k, keys)
		}
	}
	for i := 1; i < len(keys); i++ {
		if keys[i-1] >= keys[i] {
			t.Errorf("not sorted by key: %v", keys)
		}
	}
	for _, d := range defs {
		t.Run(d.Key, func(t *testing.T) {
			if ps := d.Validate(); len(ps) != 0 {
				t.Errorf("Validate: %v", ps)
			}
			if d.Guide == "" || d.Description == "" {
				t.Error("a built-in needs a description and a practitioner guide")
			}
			src, ok := LibraryYAML(d.Key)
			if !ok {
				t.Fatal("LibraryYAML found nothing")
			}
			again := mustParse(t, string(src))
			if !reflect.DeepEqual(again, d) {
				t.Error("LibraryYAML source parses to a different definition")
			}
			out, err := MarshalYAML(d)
			if err != nil {
				t.Fatal(err)
			}
			if back, err := Parse(out); err != nil || !reflect.DeepEqual(back, d) {
				t.Errorf("MarshalYAML round trip: %s", problemsOf(err))
			}
			checkGenerated(t, d, "")
			// Items hidden in the first set (their conditions exclude each
			// other) get a set of their own.
			first, _ := d.ValidateAnswers(completeAnswers(d, ""), Submit)
			for _, id := range showIfItems(d) {
				if !shown(first, id) {
					t.Run("show "+id, func(t *testing.T) {
						if got := checkGenerated(t, d, strings.Split(id, ".")[len(strings.Split(id, "."))-1]); !shown(got, id) {
							t.Errorf("could not make %s visible", id)
						}
					})
				}
			}
		})
	}
}

// checkGenerated validates and scores a generated complete answer set.
func checkGenerated(t *testing.T, d *Definition, prefer string) Answers {
	t.Helper()
	a := completeAnswers(d, prefer)
	for _, it := range d.Sections {
		for _, i := range it.Items {
			if i.Type == TypeRepeat && d.Visible(i, a, nil) {
				if rows, _ := a[i.ID].([]any); len(rows) != min(2, i.RowLimit()) {
					t.Errorf("%s: %d rows generated", i.ID, len(rows))
				}
			}
		}
	}
	out, errs := d.ValidateAnswers(a, Submit)
	if len(errs) != 0 {
		t.Fatalf("generated answers rejected: %v\n%#v", errs, a)
	}
	if _, errs := d.ValidateAnswers(a, Draft); len(errs) != 0 {
		t.Errorf("draft: %v", errs)
	}
	for _, s := range d.Score(out) {
		if s.Value == nil {
			t.Errorf("scale %s not scored: %s", s.Scale, s.Note)
		} else if *s.Value < s.Min || *s.Value > s.Max {
			t.Errorf("scale %s = %v outside %v..%v", s.Scale, *s.Value, s.Min, s.Max)
		}
		if len(d.scale(s.Scale).Bands) > 0 && s.Band == "" {
			t.Errorf("scale %s has no band", s.Scale)
		}
	}
	d.EvaluateFlags(out)
	return out
}

func (d *Definition) scale(id string) *Scale {
	for i := range d.Scales {
		if d.Scales[i].ID == id {
			return &d.Scales[i]
		}
	}
	return nil
}

func TestLibraryYAMLUnknown(t *testing.T) {
	t.Parallel()
	for _, k := range []string{"", "nope", "../go.mod", "library/x", "SELF-RELIANCE-CHECKIN"} {
		if _, ok := LibraryYAML(k); ok {
			t.Errorf("LibraryYAML(%q) found something", k)
		}
	}
}

// TestSelfRelianceGolden pins the scores of two known answer sets. The
// expected values are worked out here from first principles (item ranges,
// reverse items, the 80% rule and the bands as written in the YAML), not
// by calling the scoring code.
func TestSelfRelianceGolden(t *testing.T) {
	t.Parallel()
	var d *Definition
	for _, x := range library(t) {
		if x.Key == "self-reliance-checkin" {
			d = x
		}
	}
	if d == nil {
		t.Fatal("self-reliance-checkin missing")
	}
	if len(d.Scales) != 4 {
		t.Errorf("want the four scales of the four signs, got %d", len(d.Scales))
	}
	likertRange := func(id string) (lo, hi float64) {
		it, ok := d.ItemByID(id)
		if !ok || it.Type != TypeLikert {
			t.Fatalf("scale item %s is not a likert item", id)
		}
		lo, hi = math.Inf(1), math.Inf(-1)
		for _, o := range it.Options {
			f := o.Value.(float64)
			lo, hi = math.Min(lo, f), math.Max(hi, f)
		}
		if lo != 0 || hi != 4 {
			t.Errorf("%s runs %v..%v, want 0..4", id, lo, hi)
		}
		return lo, hi
	}
	reversed := 0
	for _, s := range d.Scales {
		for _, ref := range s.Items {
			if strings.HasPrefix(ref, "-") {
				reversed++
			}
		}
	}
	if reversed == 0 {
		t.Error("some items must be reverse-scored")
	}

	// Set 1: every answer at the top of its scale. A normal item then
	// scores its max, a reversed one its min.
	top := Answers{}
	// Set 2: answers cycle 0,1,2,3,4 in document order, and the first item
	// of the first scale is skipped.
	cycle := Answers{}
	i := 0
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.Type == TypeLikert {
				_, hi := likertRange(it.ID)
				top[it.ID] = hi
				cycle[it.ID] = float64(i % 5)
				i++
			}
		}
	}
	skipped := strings.TrimPrefix(d.Scales[0].Items[0], "-")
	delete(cycle, skipped)

	for _, set := range []struct {
		name string
		a    Answers
	}{{"all at the top", top}, {"cycling, one skipped", cycle}} {
		t.Run(set.name, func(t *testing.T) {
			if _, errs := d.ValidateAnswers(set.a, Submit); len(errs) != 0 {
				t.Fatalf("answers rejected: %v", errs)
			}
			got := d.Score(set.a)
			for si, s := range d.Scales {
				want := expectScore(t, s, set.a, likertRange)
				if !reflect.DeepEqual(got[si], want) {
					t.Errorf("%s:\n got %+v (value %v)\nwant %+v (value %v)", s.ID, got[si], deref(got[si].Value), want, deref(want.Value))
				}
			}
		})
	}
}

// expectScore works a scale's score out step by step.
func expectScore(t *testing.T, s Scale, a Answers, rng func(string) (float64, float64)) ScaleScore {
	want := ScaleScore{Scale: s.ID, Title: s.Title, Total: len(s.Items)}
	var sum float64
	for _, ref := range s.Items {
		id := strings.TrimPrefix(ref, "-")
		lo, hi := rng(id)
		want.Min += lo
		want.Max += hi
		v, ok := a[id].(float64)
		if !ok {
			continue
		}
		if ref[0] == '-' {
			v = lo + hi - v
		}
		sum += v
		want.Answered++
	}
	if s.Method == "mean" {
		want.Min /= float64(want.Total)
		want.Max /= float64(want.Total)
	}
	need := int(math.Ceil(0.8 * float64(want.Total)))
	if s.MinAnswered != nil {
		need = *s.MinAnswered
	}
	if want.Answered < need {
		want.Note = fmt.Sprintf("not scored: only %d of %d questions answered (%d needed)", want.Answered, want.Total, need)
		return want
	}
	want.Prorated = want.Answered < want.Total
	value := sum / float64(want.Answered) // mean of answered
	if s.Method == "sum" {
		value *= float64(want.Total) // prorated
	}
	value = math.Round(value*100) / 100
	want.Value = &value
	for bi, b := range s.Bands {
		if bi == len(s.Bands)-1 || value <= *b.Max {
			want.Band, want.Meaning = b.Label, b.Meaning
			break
		}
	}
	return want
}
