package worksheets

import (
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
)

// TestAnswerTypes checks each item type alone, in both modes. Nothing is
// required in these cases: the other items are absent and Draft mode
// ignores that; Submit cases are in TestSubmit.
func TestAnswerTypes(t *testing.T) {
	t.Parallel()
	row := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	tests := []struct {
		name    string
		key     string
		value   any
		errItem string // "" = no error
		errMsg  string
	}{
		{"text", "name", "Sam", "", ""},
		{"text empty", "name", "", "", ""},
		{"text wrong type", "name", 5.0, "name", "must be text"},
		{"text at default limit", "name", strings.Repeat("é", 1000), "", ""},
		{"text too long", "name", strings.Repeat("a", 1001), "name", "is too long (at most 1000 characters)"},
		{"long_text at max_length", "story", strings.Repeat("ü", 50), "", ""},
		{"long_text over max_length", "story", strings.Repeat("a", 51), "story", "is too long (at most 50 characters)"},
		{"number", "age", 30.0, "", ""},
		{"number zero", "age", 0.0, "", ""},
		{"number Go int", "age", 30, "", ""},
		{"number too big", "age", 121.0, "age", "must be a whole number between 0 and 120"},
		{"number not whole", "age", 2.5, "age", "must be a whole number between 0 and 120"},
		{"number as text", "age", "30", "age", "must be a number"},
		{"number NaN", "age", math.NaN(), "age", "must be a number"},
		{"number infinite", "weight", math.Inf(1), "weight", "must be a number"},
		{"number without range", "weight", -5.25, "", ""},
		{"date", "when", "2024-02-29", "", ""},
		{"date empty", "when", "", "", ""},
		{"date impossible", "when", "2023-02-29", "when", "must be a date like 2024-03-31"},
		{"date short", "when", "2024-2-1", "when", "must be a date"},
		{"date as number", "when", 20240101.0, "when", "must be a date"},
		{"yes_no true", "asked", true, "", ""},
		{"yes_no false", "asked", false, "", ""},
		{"yes_no as text", "asked", "yes", "asked", "must be yes or no"},
		{"choice", "who", "parent", "", ""},
		{"choice empty", "who", "", "", ""},
		{"choice other allowed", "who", "other", "", ""},
		{"choice not an option", "who", "teacher", "who", "please choose one of the options"},
		{"choice as number", "who", 1.0, "who", "please choose one of the options"},
		{"other text", "who_other", "My aunt", "", ""},
		{"other text not text", "who_other", 5.0, "who_other", "must be text"},
		{"other text too long", "who_other", strings.Repeat("a", 1001), "who_other", "too long"},
		{"other text without allow_other", "name_other", "x", "name_other", "is not a question on this worksheet"},
		{"multi_choice", "feelings", []any{"calm", "other"}, "", ""},
		{"multi_choice empty", "feelings", []any{}, "", ""},
		{"multi_choice []string", "feelings", []string{"sad"}, "", ""},
		{"multi_choice repeated", "feelings", []any{"calm", "calm"}, "feelings", "lists the same option twice"},
		{"multi_choice not an option", "feelings", []any{"bored"}, "feelings", "please choose only from the options"},
		{"multi_choice number", "feelings", []any{1.0}, "feelings", "please choose only from the options"},
		{"multi_choice not a list", "feelings", "calm", "feelings", "must be a list of options"},
		{"multi_choice too many", "feelings", []any{"calm", "sad", "angry", "other", "calm"}, "feelings", "more choices than there are options"},
		{"likert", "q1", 3.0, "", ""},
		{"likert zero", "q1", 0.0, "", ""},
		{"likert off the scale", "q1", 4.0, "q1", "please choose one of the points on the scale"},
		{"likert between points", "q1", 1.5, "q1", "points on the scale"},
		{"likert as text", "q1", "1", "q1", "points on the scale"},
		{"slider on the grid", "stress", 6.5, "", ""},
		{"slider zero", "stress", 0.0, "", ""},
		{"slider off the grid", "stress", 0.3, "stress", "must be a number between 0 and 10 in steps of 0.5"},
		{"slider above max", "stress", 10.5, "stress", "between 0 and 10"},
		{"repeat", "episodes", []any{row("ep_age", 7.0, "ep_hurt", false)}, "", ""},
		{"repeat empty list", "episodes", []any{}, "", ""},
		{"repeat empty row", "episodes", []any{map[string]any{}}, "", ""},
		{"repeat []map", "episodes", []map[string]any{{"ep_age": 7.0}}, "", ""},
		{"repeat not a list", "episodes", "rows", "episodes", "must be a list of rows"},
		{"repeat too many rows", "episodes", []any{row(), row(), row(), row()}, "episodes", "has too many rows (at most 3)"},
		{"repeat row not an object", "episodes", []any{row(), "x"}, "episodes[1]", "must be a row of answers"},
		{"repeat cell wrong", "episodes", []any{row(), row("ep_age", 130.0)}, "episodes[1].ep_age", "must be a number between 0 and 120"},
		{"repeat cell other", "episodes", []any{row("ep_kind", "other", "ep_kind_other", "x")}, "", ""},
		{"repeat unknown cell", "episodes", []any{row("zzz", 1.0)}, "episodes[0].zzz", "is not a question in this table"},
		{"info answered", "intro", "x", "intro", "is information only"},
		{"unknown id", "nope", "x", "nope", "is not a question on this worksheet"},
		{"sub-item id at top level", "ep_age", 3.0, "ep_age", "is not a question on this worksheet"},
	}
	d := fixture(t)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := Answers{tt.key: tt.value}
			out, errs := d.ValidateAnswers(in, Draft)
			if tt.errItem == "" {
				if len(errs) != 0 {
					t.Fatalf("errors: %v", errs)
				}
				if _, kept := out[tt.key]; !kept {
					t.Errorf("draft dropped %s", tt.key)
				}
				// In Submit mode, within an otherwise complete set, the
				// value passes too, unless it leaves a required item empty.
				full := validAnswers()
				full[tt.key] = tt.value
				_, errs = d.ValidateAnswers(full, Submit)
				it, _ := d.ItemByID(tt.key)
				for _, e := range errs {
					if e.Item != tt.key && !strings.HasPrefix(e.Item, tt.key+"[") {
						continue
					}
					requiredGap := (it.Required && isEmpty(tt.value)) || strings.HasPrefix(e.Message, "please add") ||
						(e.Item != tt.key && strings.HasPrefix(e.Message, "please answer")) // a required cell left empty
					if !requiredGap {
						t.Errorf("submit: %v", e)
					}
				}
				return
			}
			if !hasError(errs, tt.errItem, tt.errMsg) {
				t.Errorf("want %s: %q; got %v", tt.errItem, tt.errMsg, errs)
			}
			if _, kept := out[tt.key]; kept && !strings.HasPrefix(tt.errItem, tt.key+"[") {
				t.Errorf("invalid answer kept: %v", out[tt.key])
			}
			// The same check applies in Submit mode.
			_, errs = d.ValidateAnswers(in, Submit)
			if !hasError(errs, tt.errItem, tt.errMsg) {
				t.Errorf("submit: want %s: %q; got %v", tt.errItem, tt.errMsg, errs)
			}
		})
	}
}

func TestDraftKeepsZeroValues(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	in := Answers{"name": "", "asked": false, "age": 0.0, "feelings": []any{}, "q1": 0.0, "stress": 0.0,
		"when": "", "who": "", "episodes": []any{map[string]any{}}, "harm": false}
	out, errs := d.ValidateAnswers(in, Draft)
	if len(errs) != 0 {
		t.Fatalf("errors: %v", errs)
	}
	if !reflect.DeepEqual(map[string]any(out), map[string]any(in)) {
		t.Errorf("draft changed answers:\n got %#v\nwant %#v", out, in)
	}
	if out["age"] != 0.0 || out["asked"] != false {
		t.Errorf("zero values lost: %#v", out)
	}
}

func TestSubmit(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	tests := []struct {
		name    string
		change  func(a Answers)
		errItem string
		errMsg  string
		check   func(t *testing.T, out Answers)
	}{
		{name: "complete", change: func(a Answers) {}, check: func(t *testing.T, out Answers) {
			if _, ok := out["harm_detail"]; ok {
				t.Error("hidden harm_detail kept")
			}
			if len(out["episodes"].([]any)) != 2 {
				t.Errorf("rows = %v", out["episodes"])
			}
		}},
		{name: "required text missing", change: func(a Answers) { delete(a, "name") }, errItem: "name", errMsg: "please answer this question"},
		{name: "required text blank", change: func(a Answers) { a["name"] = "   " }, errItem: "name", errMsg: "please answer this question"},
		{name: "required yes_no missing", change: func(a Answers) { delete(a, "asked") }, errItem: "asked", errMsg: "please choose an answer"},
		{name: "required yes_no null", change: func(a Answers) { a["asked"] = nil }, errItem: "asked", errMsg: "please choose an answer"},
		{name: "required choice shown", change: func(a Answers) { delete(a, "who") }, errItem: "who", errMsg: "please choose an answer"},
		{name: "required choice hidden is not required", change: func(a Answers) { a["asked"] = false; delete(a, "who") }},
		{name: "hidden answers dropped", change: func(a Answers) { a["asked"] = false; a["who_other"] = "x" }, check: func(t *testing.T, out Answers) {
			if _, ok := out["who"]; ok {
				t.Error("hidden who kept")
			}
			if _, ok := out["who_other"]; ok {
				t.Error("hidden who_other kept")
			}
		}},
		{name: "other text dropped when other not chosen", change: func(a Answers) { a["who_other"] = "x"; a["feelings_other"] = "y" }, check: func(t *testing.T, out Answers) {
			if _, ok := out["who_other"]; ok {
				t.Error("who_other kept")
			}
			if _, ok := out["feelings_other"]; ok {
				t.Error("feelings_other kept")
			}
		}},
		{name: "other text kept when other chosen", change: func(a Answers) {
			a["who"], a["who_other"] = "other", "Aunt"
			a["feelings"], a["feelings_other"] = []any{"other"}, "Numb"
		}, check: func(t *testing.T, out Answers) {
			if out["who_other"] != "Aunt" || out["feelings_other"] != "Numb" {
				t.Errorf("other texts lost: %v", out)
			}
		}},
		{name: "min_rows", change: func(a Answers) { a["episodes"] = []any{} }, errItem: "episodes", errMsg: "please add at least one row"},
		{name: "empty rows dropped", change: func(a Answers) {
			a["episodes"] = []any{map[string]any{}, map[string]any{"ep_age": 3.0}, map[string]any{"ep_kind": "", "ep_detail": nil}}
		}, check: func(t *testing.T, out Answers) {
			if rows := out["episodes"].([]any); len(rows) != 1 || rows[0].(map[string]any)["ep_age"] != 3.0 {
				t.Errorf("rows = %v", rows)
			}
		}},
		{name: "only empty rows count as none", change: func(a Answers) { a["episodes"] = []any{map[string]any{}} }, errItem: "episodes", errMsg: "at least one row"},
		{name: "required cell", change: func(a Answers) { a["episodes"] = []any{map[string]any{"ep_kind": "a"}} }, errItem: "episodes[0].ep_age", errMsg: "please answer this question"},
		{name: "required cell shown by sibling", change: func(a Answers) { a["episodes"] = []any{map[string]any{"ep_age": 4.0, "ep_hurt": true}} },
			errItem: "episodes[0].ep_detail", errMsg: "please answer this question"},
		{name: "cell hidden by sibling dropped", change: func(a Answers) {
			a["episodes"] = []any{map[string]any{"ep_age": 4.0, "ep_hurt": false, "ep_detail": "stale"}}
		}, check: func(t *testing.T, out Answers) {
			if _, ok := out["episodes"].([]any)[0].(map[string]any)["ep_detail"]; ok {
				t.Error("hidden ep_detail kept")
			}
		}},
		{name: "cell hidden by top-level item dropped", change: func(a Answers) { a["stress"] = 2.0 }, check: func(t *testing.T, out Answers) {
			if _, ok := out["episodes"].([]any)[0].(map[string]any)["ep_note"]; ok {
				t.Error("hidden ep_note kept")
			}
		}},
		{name: "row with only hidden cells dropped", change: func(a Answers) {
			a["stress"] = 2.0
			a["episodes"] = append(a["episodes"].([]any), map[string]any{"ep_note": "stale"})
		}, check: func(t *testing.T, out Answers) {
			if rows := out["episodes"].([]any); len(rows) != 2 {
				t.Errorf("rows = %v", rows)
			}
		}},
		{name: "nested group shows item", change: func(a Answers) { a["harm"] = true; a["harm_detail"] = "words" }, check: func(t *testing.T, out Answers) {
			if out["harm_detail"] != "words" {
				t.Error("visible harm_detail dropped")
			}
		}},
		{name: "nested group hides item", change: func(a Answers) {
			a["harm"], a["harm_detail"], a["feelings"], a["stress"] = true, "words", []any{"calm"}, 8.0
		}, check: func(t *testing.T, out Answers) {
			if _, ok := out["harm_detail"]; ok {
				t.Error("hidden harm_detail kept")
			}
		}},
		{name: "hidden chain", change: func(a Answers) {
			// feelings invalid → dropped → harm_detail's any-group loses it.
			a["harm"], a["harm_detail"], a["feelings"], a["stress"] = true, "words", []any{"bored"}, 8.0
		}, errItem: "feelings", errMsg: "only from the options", check: func(t *testing.T, out Answers) {
			if _, ok := out["harm_detail"]; ok {
				t.Error("harm_detail kept though its condition rests on a rejected answer")
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := validAnswers()
			tt.change(in)
			out, errs := d.ValidateAnswers(in, Submit)
			if tt.errItem == "" && len(errs) != 0 {
				t.Fatalf("errors: %v", errs)
			}
			if tt.errItem != "" && !hasError(errs, tt.errItem, tt.errMsg) {
				t.Fatalf("want %s: %q; got %v", tt.errItem, tt.errMsg, errs)
			}
			if tt.check != nil {
				tt.check(t, out)
			}
			// Draft keeps what Submit drops.
			draft, _ := d.ValidateAnswers(in, Draft)
			for k := range out {
				if _, ok := draft[k]; !ok {
					t.Errorf("draft lacks %s", k)
				}
			}
		})
	}
}

func TestValidateAnswersDoesNotMutate(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	in := validAnswers()
	in["asked"] = false
	in["episodes"] = append(in["episodes"].([]any), map[string]any{})
	in["bogus"] = "x"
	before, _ := json.Marshal(in)
	out, _ := d.ValidateAnswers(in, Submit)
	after, _ := json.Marshal(in)
	if string(before) != string(after) {
		t.Errorf("input changed:\n%s\n%s", before, after)
	}
	// The copy shares nothing mutable with the input.
	out["feelings"].([]any)[0] = "changed"
	out["episodes"].([]any)[0].(map[string]any)["ep_age"] = 99.0
	if in["feelings"].([]any)[0] != "calm" || in["episodes"].([]any)[0].(map[string]any)["ep_age"] != 7.0 {
		t.Error("cleaned copy shares storage with the input")
	}
}

func TestValidateAnswersHostile(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	huge := make([]any, 1_000_000)
	many := Answers{}
	for i := 0; i < 5000; i++ {
		many["k"+itoa(i)] = 1.0
	}
	cases := []Answers{
		nil,
		{},
		{"feelings": huge},
		{"episodes": huge},
		{"age": math.NaN(), "stress": math.Inf(-1), "q1": math.NaN()},
		{"episodes": []any{nil, map[string]any{"ep_age": nil}}},
		{"episodes": []any{map[string]any{"ep_kind": []any{[]any{}}}}},
		many,
		{strings.Repeat("k", 10000): 1.0},
	}
	for i, a := range cases {
		for _, mode := range []Mode{Draft, Submit} {
			_, errs := d.ValidateAnswers(a, mode)
			if len(errs) > maxFieldErrors+1 {
				t.Errorf("case %d: %d errors", i, len(errs))
			}
			for _, e := range errs {
				if len(e.Item) > 200 {
					t.Errorf("case %d: long item name %d bytes", i, len(e.Item))
				}
			}
		}
	}
	var nilDef *Definition
	if _, errs := nilDef.ValidateAnswers(Answers{}, Submit); len(errs) != 1 {
		t.Errorf("nil definition: %v", errs)
	}
}

func TestMessagesNeverEchoAnswers(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	secret := "SECRET-ANSWER-TEXT"
	in := Answers{"name": strings.Repeat(secret, 100), "age": secret, "when": secret, "who": secret,
		"feelings": []any{secret}, "q1": secret, "asked": secret, "who_other": 1.0,
		"episodes": []any{map[string]any{"ep_kind": secret, "ep_age": secret}}}
	for _, mode := range []Mode{Draft, Submit} {
		_, errs := d.ValidateAnswers(in, mode)
		if len(errs) < 8 {
			t.Errorf("only %d errors: %v", len(errs), errs)
		}
		for _, e := range errs {
			if strings.Contains(e.Message, "SECRET") || strings.Contains(e.Item, "SECRET") {
				t.Errorf("error echoes the answer: %+v", e)
			}
		}
	}
}
