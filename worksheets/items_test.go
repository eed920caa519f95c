package worksheets

import "testing"

func TestOptionLabel(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	q1, _ := d.ItemByID("q1")
	who, _ := d.ItemByID("who")
	tests := []struct {
		it   Item
		v    any
		want string
	}{
		{q1, 2.0, "Often"},
		{q1, 2, "Often"},
		{q1, int64(0), "Never"},
		{q1, "2", ""},
		{q1, 9.0, ""},
		{who, "friend", "Friend"},
		{who, "other", "Other"},
		{who, nil, ""},
		{who, true, ""},
	}
	for _, tt := range tests {
		if got := tt.it.OptionLabel(tt.v); got != tt.want {
			t.Errorf("%s.OptionLabel(%#v) = %q, want %q", tt.it.ID, tt.v, got, tt.want)
		}
	}
}

func TestItemByID(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	for _, tt := range []struct {
		id   string
		want string
		ok   bool
	}{
		{"age", TypeNumber, true},
		{"episodes", TypeRepeat, true},
		{"episodes.ep_hurt", TypeYesNo, true},
		{"episodes.nope", "", false},
		{"ep_hurt", "", false},
		{"age.x", "", false},
		{"", "", false},
	} {
		it, ok := d.ItemByID(tt.id)
		if ok != tt.ok || it.Type != tt.want {
			t.Errorf("ItemByID(%q) = %s, %v", tt.id, it.Type, ok)
		}
	}
	var nilDef *Definition
	if _, ok := nilDef.ItemByID("a"); ok || nilDef.ItemCount() != 0 {
		t.Error("nil definition")
	}
}

func TestLimits(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	for _, tt := range []struct {
		id         string
		text, rows int
	}{
		{"name", DefaultTextLength, 0},
		{"story", 50, 0},
		{"harm_detail", DefaultLongTextLength, 0},
		{"episodes", 0, 3},
		{"age", 0, 0},
	} {
		it, _ := d.ItemByID(tt.id)
		if it.TextLimit() != tt.text || it.RowLimit() != tt.rows {
			t.Errorf("%s: TextLimit %d RowLimit %d", tt.id, it.TextLimit(), it.RowLimit())
		}
	}
	if (Item{Type: TypeRepeat}).RowLimit() != DefaultMaxRows {
		t.Error("RowLimit default")
	}
}

func TestChoiceWords(t *testing.T) {
	t.Parallel()
	it := Item{ID: "who", Type: TypeChoice, AllowOther: true, Options: []Option{{Value: "mum", Label: "My mum"}}}
	lik := Item{ID: "q", Type: TypeLikert, Options: []Option{{Value: 0.0, Label: "Not at all"}, {Value: 4.0, Label: "Very much"}}}
	cases := []struct {
		it    Item
		v     any
		other string
		want  string
	}{
		{it, "mum", "", "My mum"},
		{it, "other", "  my aunt ", "Other: my aunt"},
		{it, "other", "", "Other"},
		{it, "gone", "", "gone"}, // an option removed in a later version: show the raw value
		{lik, 4.0, "", "Very much"},
		{lik, 4, "", "Very much"},
		{lik, 2.5, "", "2.5"},
		{Item{Type: TypeChoice, Options: it.Options}, "other", "x", "other"}, // no allow_other: no special case
	}
	for _, c := range cases {
		if got := c.it.ChoiceWords(c.v, c.other); got != c.want {
			t.Errorf("ChoiceWords(%v, %q) = %q, want %q", c.v, c.other, got, c.want)
		}
	}
}
