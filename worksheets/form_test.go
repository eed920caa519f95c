package worksheets

import (
	"reflect"
	"testing"
)

func TestAnswersFromForm(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	form := map[string][]string{
		"_csrf":                     {"tok"},
		"action":                    {"save"},
		"intro":                     {"ignored"},
		"name":                      {"Sam"},
		"story":                     {"line one\r\nline two"},
		"age":                       {" 30 "},
		"weight":                    {""},
		"when":                      {"2024-03-31"},
		"asked":                     {"no", "yes"}, // hidden "no" then a ticked "yes"
		"who":                       {"other"},
		"who_other":                 {"Aunt"},
		"feelings":                  {"calm", "", "sad"},
		"q1":                        {"0"},
		"q2":                        {""},
		"stress":                    {"6.5"},
		"harm":                      {"no"},
		"episodes[7]._row":          {"1"},
		"episodes[7].ep_age":        {"12"},
		"episodes[7].ep_kind":       {"other"},
		"episodes[7].ep_kind_other": {"school"},
		"episodes[2]._row":          {"1"}, // an empty row
		"episodes[0]._row":          {"1"},
		"episodes[0].ep_hurt":       {"yes"},
		"episodes[0].ep_detail":     {"Fell."},
		"episodes[0].unknown":       {"x"},
		"episodes[x].ep_age":        {"1"}, // not a row field: ignored
		"nothing[0].x":              {"1"}, // not a repeat: ignored
	}
	got, errs := d.AnswersFromForm(form)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	want := Answers{
		"name": "Sam", "story": "line one\nline two", "age": 30.0, "when": "2024-03-31",
		"asked": true, "who": "other", "who_other": "Aunt", "feelings": []any{"calm", "sad"},
		"q1": 0.0, "stress": 6.5, "harm": false,
		"episodes": []any{
			map[string]any{"ep_hurt": true, "ep_detail": "Fell."},
			map[string]any{},
			map[string]any{"ep_age": 12.0, "ep_kind": "other", "ep_kind_other": "school"},
		},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %#v\nwant %#v", got, want)
	}
	// What the form gives, ValidateAnswers accepts as a draft, empty row included.
	out, verrs := d.ValidateAnswers(got, Draft)
	if len(verrs) != 0 || len(out["episodes"].([]any)) != 3 {
		t.Errorf("draft of the form: %v, %v", verrs, out["episodes"])
	}
}

func TestAnswersFromFormErrors(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	tests := []struct {
		name    string
		form    map[string][]string
		errItem string
		errMsg  string
	}{
		{"bad number", map[string][]string{"age": {"thirty"}}, "age", "must be a number"},
		{"NaN", map[string][]string{"weight": {"NaN"}}, "weight", "must be a number"},
		{"infinity", map[string][]string{"stress": {"Inf"}}, "stress", "must be a number"},
		{"bad yes_no", map[string][]string{"asked": {"maybe"}}, "asked", "must be yes or no"},
		{"bad cell uses dense row number", map[string][]string{
			"episodes[5]._row": {"1"}, "episodes[9].ep_age": {"old"},
		}, "episodes[1].ep_age", "must be a number"},
		{"row number too big", map[string][]string{"episodes[1000].ep_age": {"1"}}, "episodes", "too many rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, errs := d.AnswersFromForm(tt.form)
			if !hasError(errs, tt.errItem, tt.errMsg) {
				t.Errorf("want %s: %q; got %v", tt.errItem, tt.errMsg, errs)
			}
			for _, e := range errs {
				if _, kept := got[e.Item]; kept {
					t.Errorf("unreadable %s kept", e.Item)
				}
			}
		})
	}
}

func TestAnswersFromFormYesNoAndEmpty(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	got, errs := d.AnswersFromForm(map[string][]string{
		"asked": {"Yes"}, "harm": {"false"}, "name": {""}, "who": {""}, "feelings": {""}, "q1": {" "},
	})
	want := Answers{"asked": true, "harm": false}
	if len(errs) != 0 || !reflect.DeepEqual(got, want) {
		t.Errorf("got %v %v, want %v", got, errs, want)
	}
	var nilDef *Definition
	if a, errs := nilDef.AnswersFromForm(nil); len(a) != 0 || errs != nil {
		t.Error("nil definition")
	}
}

func TestRowField(t *testing.T) {
	t.Parallel()
	if got := RowField("episodes", 2, "age"); got != "episodes[2].age" {
		t.Errorf("RowField = %q", got)
	}
	if got := RowField("episodes", 0, RowMarker); got != "episodes[0]._row" {
		t.Errorf("marker = %q", got)
	}
}
