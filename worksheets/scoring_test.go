package worksheets

import (
	"reflect"
	"testing"
)

const scoringYAML = `key: scoring
version: 1
title: Scoring
sections:
  - items:
      - {id: q1, type: likert, prompt: P, options: &p [{value: 0, label: a}, {value: 1, label: b}, {value: 2, label: c}, {value: 3, label: d}, {value: 4, label: e}]}
      - {id: q2, type: likert, prompt: P, options: *p}
      - {id: q3, type: likert, prompt: P, options: *p}
      - {id: q4, type: likert, prompt: P, options: *p}
      - {id: q5, type: likert, prompt: P, options: *p}
      - {id: s, type: slider, prompt: P, min: 0, max: 10}
      - {id: n, type: number, prompt: P, min: 1, max: 5}
scales:
  - id: total
    title: Total
    items: [q1, q2, -q3, q4, q5]
    method: sum
    bands: [{max: 5, label: low, meaning: Fine.}, {max: 12, label: mid}, {label: high, meaning: Talk.}]
  - id: avg
    title: Average
    items: [q1, -q2]
    method: mean
  - id: mixed
    title: Mixed ranges
    items: [-s, n]
    method: sum
  - id: thirds
    title: Thirds
    items: [q3, q4, q5]
    method: mean
  - id: two_of_three
    title: Two of three
    items: [q3, q4, -q5]
    method: sum
    min_answered: 2
    bands: [{max: 4, label: low}, {label: high}]
  - id: mean_two
    title: Mean of two of three
    items: [q3, q4, q5]
    method: mean
    min_answered: 2
`

func TestScore(t *testing.T) {
	t.Parallel()
	d := mustParse(t, scoringYAML)
	v := func(f float64) *float64 { return &f }
	tests := []struct {
		name string
		a    Answers
		want map[string]ScaleScore // only the scales named are checked
	}{
		{"all answered, reverse item", Answers{"q1": 4.0, "q2": 3.0, "q3": 1.0, "q4": 0.0, "q5": 2.0}, map[string]ScaleScore{
			// 4 + 3 + (0+4-1) + 0 + 2 = 12: on the band's max, so still mid.
			"total": {Scale: "total", Title: "Total", Value: v(12), Band: "mid", Answered: 5, Total: 5, Min: 0, Max: 20},
			// (4 + (0+4-3)) / 2
			"avg": {Scale: "avg", Title: "Average", Value: v(2.5), Answered: 2, Total: 2, Min: 0, Max: 4},
		}},
		{"one above a band max", Answers{"q1": 4.0, "q2": 3.0, "q3": 0.0, "q4": 0.0, "q5": 2.0}, map[string]ScaleScore{
			"total": {Scale: "total", Title: "Total", Value: v(13), Band: "high", Meaning: "Talk.", Answered: 5, Total: 5, Min: 0, Max: 20},
		}},
		{"lowest band", Answers{"q1": 0.0, "q2": 0.0, "q3": 4.0, "q4": 0.0, "q5": 0.0}, map[string]ScaleScore{
			"total": {Scale: "total", Title: "Total", Value: v(0), Band: "low", Meaning: "Fine.", Answered: 5, Total: 5, Min: 0, Max: 20},
		}},
		{"exactly 80% answered is prorated", Answers{"q1": 4.0, "q2": 3.0, "q3": 1.0, "q4": 0.0}, map[string]ScaleScore{
			// mean of answered (4+3+3+0)/4 = 2.5, times 5 items.
			"total": {Scale: "total", Title: "Total", Value: v(12.5), Band: "high", Meaning: "Talk.", Answered: 4, Total: 5, Min: 0, Max: 20, Prorated: true},
		}},
		{"below 80% is not scored", Answers{"q1": 4.0, "q2": 3.0, "q3": 1.0}, map[string]ScaleScore{
			"total": {Scale: "total", Title: "Total", Answered: 3, Total: 5, Min: 0, Max: 20, Note: "not scored: only 3 of 5 questions answered (4 needed)"},
			"avg":   {Scale: "avg", Title: "Average", Value: v(2.5), Answered: 2, Total: 2, Min: 0, Max: 4},
		}},
		{"nothing answered", Answers{}, map[string]ScaleScore{
			"avg": {Scale: "avg", Title: "Average", Answered: 0, Total: 2, Min: 0, Max: 4, Note: "not scored: only 0 of 2 questions answered (2 needed)"},
		}},
		{"wrong type counts as unanswered", Answers{"q1": "4", "q2": 1.0}, map[string]ScaleScore{
			"avg": {Scale: "avg", Title: "Average", Answered: 1, Total: 2, Min: 0, Max: 4, Note: "not scored: only 1 of 2 questions answered (2 needed)"},
		}},
		{"reverse over the item's own range", Answers{"s": 2.0, "n": 3.0}, map[string]ScaleScore{
			// (0+10-2) + 3, range 1..15
			"mixed": {Scale: "mixed", Title: "Mixed ranges", Value: v(11), Answered: 2, Total: 2, Min: 1, Max: 15},
		}},
		{"rounded to 2 decimals", Answers{"q3": 1.0, "q4": 1.0, "q5": 0.0}, map[string]ScaleScore{
			"thirds":       {Scale: "thirds", Title: "Thirds", Value: v(0.67), Answered: 3, Total: 3, Min: 0, Max: 4},
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Value: v(6), Band: "high", Answered: 3, Total: 3, Max: 12},
		}},
		// min_answered lets a scale be scored with fewer answers; the score
		// is then prorated and marked so.
		{"min_answered: two of three, prorated and marked", Answers{"q3": 3.0, "q5": 0.0}, map[string]ScaleScore{
			// (3 + (0+4-0)) / 2 = 3.5 answered mean, times 3 items.
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Value: v(10.5), Band: "high", Answered: 2, Total: 3, Max: 12, Prorated: true},
			"mean_two":     {Scale: "mean_two", Title: "Mean of two of three", Value: v(1.5), Answered: 2, Total: 3, Max: 4, Prorated: true},
			// Without min_answered, 80% of 3 rounds up to all 3.
			"thirds": {Scale: "thirds", Title: "Thirds", Answered: 2, Total: 3, Max: 4, Note: "not scored: only 2 of 3 questions answered (3 needed)"},
		}},
		{"min_answered: one of three, not scored with the note", Answers{"q4": 4.0}, map[string]ScaleScore{
			"two_of_three": {Scale: "two_of_three", Title: "Two of three", Answered: 1, Total: 3, Max: 12, Note: "not scored: only 1 of 3 questions answered (2 needed)"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := d.Score(tt.a)
			if len(got) != len(d.Scales) {
				t.Fatalf("got %d scores", len(got))
			}
			for _, s := range got {
				want, ok := tt.want[s.Scale]
				if ok && !reflect.DeepEqual(s, want) {
					t.Errorf("%s:\n got %+v (value %v)\nwant %+v (value %v)", s.Scale, s, deref(s.Value), want, deref(want.Value))
				}
			}
		})
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}

func TestScoreWithoutScales(t *testing.T) {
	t.Parallel()
	d := mustParse(t, "key: k\nversion: 1\ntitle: T\nsections: [{items: [{id: a, type: text, prompt: P}]}]\n")
	if s := d.Score(Answers{"a": "x"}); s != nil {
		t.Errorf("Score = %v", s)
	}
	var nilDef *Definition
	if nilDef.Score(nil) != nil || nilDef.EvaluateFlags(nil) != nil {
		t.Error("nil definition")
	}
}

func TestEvaluateFlags(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	tests := []struct {
		name string
		a    Answers
		want []string
	}{
		{"none", Answers{"harm": false, "stress": 3.0}, nil},
		{"unanswered", Answers{}, nil},
		{"high", Answers{"harm": true}, []string{"harm"}},
		{"medium", Answers{"stress": 9.0}, []string{"stressed"}},
		{"both in definition order", Answers{"stress": 10.0, "harm": true}, []string{"harm", "stressed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range d.EvaluateFlags(tt.a) {
				got = append(got, f.ID)
				if f.Severity == "" || f.Message == "" {
					t.Errorf("flag %s lacks severity or message", f.ID)
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("flags = %v, want %v", got, tt.want)
			}
		})
	}
	if f := d.EvaluateFlags(Answers{"harm": true}); f[0] != (RaisedFlag{ID: "harm", Severity: "high", Message: "Follow up before the next session."}) {
		t.Errorf("flag = %+v", f[0])
	}
}
