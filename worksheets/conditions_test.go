package worksheets

import (
	"strings"
	"testing"
)

func TestEval(t *testing.T) {
	t.Parallel()
	a := Answers{
		"n": 5.0, "zero": 0.0, "s": "b", "blank": "  ", "yes": true, "no": false,
		"multi": []any{"x", "y"}, "none": []any{}, "date": "2024-03-31", "rows": []any{map[string]any{}},
		"strs": []string{"x"},
	}
	leaf := func(item, op string, v any) Condition { return Condition{Item: item, Op: op, Value: v} }
	tests := []struct {
		name string
		c    Condition
		want bool
	}{
		{"number =", leaf("n", "=", 5.0), true},
		{"number = Go int", leaf("n", "=", 5), true},
		{"number !=", leaf("n", "!=", 4.0), true},
		{"number >", leaf("n", ">", 4.5), true},
		{"number > equal", leaf("n", ">", 5.0), false},
		{"number >=", leaf("n", ">=", 5.0), true},
		{"number <", leaf("n", "<", 5.0), false},
		{"number <=", leaf("n", "<=", 5.0), true},
		{"zero is an answer", leaf("zero", "=", 0.0), true},
		{"zero exists", leaf("zero", "exists", nil), true},
		{"number vs text", leaf("n", "=", "5"), false},
		{"number ordered vs text", leaf("n", ">", "1"), false},
		{"text =", leaf("s", "=", "b"), true},
		{"text !=", leaf("s", "!=", "b"), false},
		{"text ordered", leaf("s", ">", "a"), true},
		{"date ordered", leaf("date", "<", "2024-04-01"), true},
		{"date ordered false", leaf("date", ">=", "2024-04-01"), false},
		{"bool =", leaf("yes", "=", true), true},
		{"false = false", leaf("no", "=", false), true},
		{"false exists", leaf("no", "exists", nil), true},
		{"bool ordered", leaf("yes", ">", false), false},
		{"multi contains", leaf("multi", "=", "y"), true},
		{"multi lacks", leaf("multi", "=", "z"), false},
		{"multi != lacks", leaf("multi", "!=", "z"), true},
		{"multi != contains", leaf("multi", "!=", "x"), false},
		{"multi ordered", leaf("multi", ">", "a"), false},
		{"[]string contains", leaf("strs", "=", "x"), true},
		{"repeat exists", leaf("rows", "exists", true), true},
		// Unanswered: every operator is false, != too; only exists tells.
		{"missing =", leaf("gone", "=", 1.0), false},
		{"missing !=", leaf("gone", "!=", 1.0), false},
		{"missing <", leaf("gone", "<", 1.0), false},
		{"missing exists", leaf("gone", "exists", nil), false},
		{"missing exists true", leaf("gone", "exists", true), false},
		{"missing exists false", leaf("gone", "exists", false), true},
		{"blank text !=", leaf("blank", "!=", "x"), false},
		{"blank text exists", leaf("blank", "exists", nil), false},
		{"empty list exists false", leaf("none", "exists", false), true},
		{"empty list !=", leaf("none", "!=", "x"), false},
		{"unknown op", leaf("n", "~", 5.0), false},
		// Groups.
		{"all true", Condition{All: []Condition{leaf("n", "=", 5.0), leaf("yes", "=", true)}}, true},
		{"all one false", Condition{All: []Condition{leaf("n", "=", 5.0), leaf("yes", "=", false)}}, false},
		{"any one true", Condition{Any: []Condition{leaf("n", "=", 1.0), leaf("yes", "=", true)}}, true},
		{"any none true", Condition{Any: []Condition{leaf("n", "=", 1.0), leaf("gone", "exists", nil)}}, false},
		{"nested", Condition{All: []Condition{leaf("yes", "=", true), {Any: []Condition{leaf("s", "=", "z"), {All: []Condition{leaf("multi", "=", "x")}}}}}}, true},
		{"empty condition", Condition{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.c.Eval(a, nil); got != tt.want {
				t.Errorf("Eval = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestEvalInRow(t *testing.T) {
	t.Parallel()
	top := Answers{"stress": 7.0, "hurt": true}
	row := map[string]any{"hurt": false}
	c := Condition{Item: "hurt", Op: "=", Value: true}
	if c.Eval(top, row) {
		t.Error("row value should win over the top-level one")
	}
	if !c.Eval(top, nil) {
		t.Error("without a row the top-level value counts")
	}
	if !(Condition{Item: "stress", Op: ">", Value: 5.0}).Eval(top, row) {
		t.Error("a rule in a row should fall back to top-level answers")
	}
	if !(Condition{Item: "hurt", Op: "=", Value: true}).Eval(top, map[string]any{}) {
		t.Error("a key missing from the row falls back to the top level")
	}
}

func TestEvalDeepGoCondition(t *testing.T) {
	t.Parallel()
	c := Condition{Item: "x", Op: "exists"}
	for i := 0; i < 100; i++ {
		c = Condition{All: []Condition{c}}
	}
	if c.Eval(Answers{"x": "y"}, nil) {
		t.Error("an absurdly deep condition should evaluate to false")
	}
}

func TestVisible(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	who := *item(d, 0, 7)
	if d.Visible(who, Answers{"asked": false}, nil) {
		t.Error("who visible when asked is false")
	}
	if !d.Visible(who, Answers{"asked": true}, nil) {
		t.Error("who hidden when asked is true")
	}
	if !d.Visible(*item(d, 0, 1), nil, nil) {
		t.Error("an item without show_if is always visible")
	}
	detail := item(d, 1, 0).Items[3]
	if !d.Visible(detail, Answers{}, map[string]any{"ep_hurt": true}) {
		t.Error("ep_detail hidden in a row with ep_hurt true")
	}
	note := item(d, 1, 0).Items[4]
	if d.Visible(note, Answers{"stress": 4.5}, map[string]any{}) || !d.Visible(note, Answers{"stress": 5.0}, map[string]any{}) {
		t.Error("ep_note should follow the top-level stress answer")
	}
}

// TestConditionItems: the items a rule reads, each once, groups included,
// so the review page can mark exactly the answers a flag looked at.
func TestConditionItems(t *testing.T) {
	t.Parallel()
	want := map[string]Condition{
		"harm": {Item: "harm", Op: "=", Value: true},
		"":     {},
		"a,b":  {Any: []Condition{{Item: "a", Op: "exists"}, {All: []Condition{{Item: "b", Op: ">", Value: 1.0}, {Item: "a", Op: "exists"}}}}},
	}
	for items, c := range want {
		if got := strings.Join(c.Items(), ","); got != items {
			t.Errorf("Items() of %+v = %q, want %q", c, got, items)
		}
	}
}
