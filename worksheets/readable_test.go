package worksheets

import (
	"reflect"
	"strings"
	"testing"
)

// TestReadableWording pins the one wording of every item type.
func TestReadableWording(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	a := Answers{
		"name": "Ana", "story": "line one\nline two", "age": 34.0, "weight": 61.5,
		"when": "2026-11-02", "asked": true, "who": "other", "who_other": "my aunt",
		"feelings": []any{"sad", "other"}, "feelings_other": "tired",
		"q1": 2.0, "q2": 2.0, "stress": 6.5,
		"episodes": []any{
			map[string]any{"ep_age": 7.0, "ep_kind": "other", "ep_kind_other": "school", "ep_hurt": true, "ep_detail": "a fall"},
			map[string]any{"ep_age": 12.0, "ep_hurt": false},
		},
		"harm": false,
	}
	secs := Readable(d, a)
	got := map[string]ReadableItem{}
	for _, s := range secs {
		for _, it := range s.Items {
			got[it.ID] = it
		}
	}
	words := map[string]string{
		"name": "Ana", "story": "line one\nline two", "age": "34", "weight": "61.5",
		"when": "Monday 2 November 2026", "asked": "Yes", "who": "Other: my aunt",
		"q1": "Often (2)", "q2": "Often (2)", "stress": "6.5 out of 10", "harm": "No",
	}
	for id, want := range words {
		if got[id].Text != want || got[id].Missing {
			t.Errorf("%s: %q (missing %v), want %q", id, got[id].Text, got[id].Missing, want)
		}
	}
	if !got["story"].Long || got["name"].Long {
		t.Error("only long_text keeps its line breaks")
	}
	if l := got["feelings"].List; !reflect.DeepEqual(l, []string{"Sad", "Other: tired"}) {
		t.Errorf("feelings: %q", l)
	}
	if got["q1"].Scale != "0 = Never … 3 = Always" || got["q2"].Scale != "" {
		t.Errorf("a run on one scale says its ends once: %q, %q", got["q1"].Scale, got["q2"].Scale)
	}
	if got["stress"].Scale != "0 = calm … 10 = stressed" {
		t.Errorf("slider ends: %q", got["stress"].Scale)
	}
	if _, shown := got["intro"]; shown {
		t.Error("info blocks are not answers")
	}
	if _, shown := got["harm_detail"]; shown {
		t.Error("an item hidden by show_if is left out")
	}
	tb := got["episodes"].Table
	if tb == nil || len(tb.Rows) != 2 {
		t.Fatalf("episodes table: %+v", got["episodes"])
	}
	if !reflect.DeepEqual(tb.Columns, []string{"Age", "Kind", "Hurt?", "Detail", "Note"}) {
		t.Errorf("columns: %q", tb.Columns)
	}
	row0 := []ReadableCell{{Text: "7"}, {Text: "Other: school"}, {Text: "Yes"}, {Text: "a fall"}, {Missing: true}}
	if !reflect.DeepEqual(tb.Rows[0], row0) {
		t.Errorf("row 0: %+v", tb.Rows[0])
	}
	if c := tb.Rows[1][3]; !c.Hidden || c.Text != DoesNotApply {
		t.Errorf("a cell whose show_if fails does not apply: %+v", c)
	}
	if c := tb.Rows[1][1]; !c.Missing || c.Text != "" {
		t.Errorf("an empty cell is missing: %+v", c)
	}
}

func TestReadableMissingAndOddValues(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	secs := Readable(d, Answers{"asked": false, "age": "not a number", "who_other": "ignored: hidden"})
	var ids []string
	missing := map[string]bool{}
	for _, s := range secs {
		for _, it := range s.Items {
			ids = append(ids, it.ID)
			missing[it.ID] = it.Missing
		}
	}
	if strings.Contains(strings.Join(ids, " "), "who") {
		t.Errorf("who is hidden when asked is No: %v", ids)
	}
	for _, id := range []string{"name", "story", "feelings", "episodes", "stress"} {
		if !missing[id] {
			t.Errorf("%s should be missing", id)
		}
	}
	if missing["age"] {
		t.Error("an answer of an unexpected type is shown as text, never dropped")
	}
	// Without a definition every stored answer is listed by its id.
	raw := Readable(nil, Answers{"b": []any{"x", "y"}, "a": 2.0})
	if len(raw) != 1 || raw[0].Items[0].Text != "2" || raw[0].Items[1].Text != "x, y" {
		t.Errorf("raw: %+v", raw)
	}
}

// TestReadableLibrary says every built-in worksheet, fully answered, in
// words: every visible question appears once, nothing is missing, no
// answer leaks a raw option code.
func TestReadableLibrary(t *testing.T) {
	t.Parallel()
	lib, err := Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lib {
		t.Run(d.Key, func(t *testing.T) {
			a := completeAnswers(d, "")
			secs := Readable(d, a)
			n := 0
			for _, s := range secs {
				for _, it := range s.Items {
					n++
					if it.Missing {
						t.Errorf("%s: answered but says missing", it.ID)
					}
					src, _ := d.ItemByID(it.ID)
					if src.Type != TypeChoice && src.Type != TypeMultiChoice {
						continue
					}
					labels := map[string]bool{}
					for _, o := range src.Options {
						labels[o.Label] = true
					}
					for _, l := range it.Lines() {
						if !labels[l] && !strings.HasPrefix(l, "Other") {
							t.Errorf("%s says %q, not an option's label", it.ID, l)
						}
					}
				}
			}
			want := 0
			for _, s := range d.Sections {
				for _, it := range s.Items {
					if it.Type != TypeInfo && d.Visible(it, a, nil) {
						want++
					}
				}
			}
			if n != want || n == 0 {
				t.Errorf("%d items in words, %d visible", n, want)
			}
		})
	}
}

func TestConditionWords(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	row := d.Sections[1].Items[0].Items
	cases := []struct {
		c      Condition
		row    []Item
		client string
		pract  string
	}{
		{Condition{Item: "asked", Op: "=", Value: true}, nil,
			"if you answered “Yes” to “Did you ask?”", "“Did you ask?” is Yes"},
		{Condition{Item: "asked", Op: "!=", Value: true}, nil,
			"if you answered “No” to “Did you ask?”", "“Did you ask?” is not Yes"},
		{Condition{Item: "who", Op: "=", Value: "parent"}, nil,
			"if you chose “Parent” for “Whom did you ask?”", "“Whom did you ask?” is “Parent”"},
		{Condition{Item: "feelings", Op: "=", Value: "sad"}, nil,
			"if you ticked “Sad” in “Feelings”", "“Feelings” is “Sad”"},
		{Condition{Item: "stress", Op: ">=", Value: 5.0}, nil,
			"if your answer to “Stress” is at least 5", "“Stress” is at least 5"},
		{Condition{Item: "when", Op: "<", Value: "2026-01-05"}, nil,
			"if your answer to “When” is before “Monday 5 January 2026”", "“When” is before “Monday 5 January 2026”"},
		{Condition{Item: "story", Op: "exists", Value: false}, nil,
			"if you left “Your story” empty", "“Your story” is not answered"},
		{Condition{Item: "ep_hurt", Op: "=", Value: true}, row,
			"if you answered “Yes” to “Hurt?”", "“Hurt?” is Yes"},
		{Condition{All: []Condition{{Item: "asked", Op: "=", Value: true}, {Any: []Condition{
			{Item: "q1", Op: "=", Value: 3.0}, {Item: "q2", Op: "=", Value: 0.0}}}}}, nil,
			"if you answered “Yes” to “Did you ask?”, and if you chose “Always” for “Q1”, or if you chose “Never” for “Q2”",
			"all of: “Did you ask?” is Yes; any of: “Q1” is “Always”; “Q2” is “Never”"},
	}
	for _, tc := range cases {
		if got := tc.c.Words(d, ClientVoice, tc.row); got != tc.client {
			t.Errorf("client voice:\n got %s\nwant %s", got, tc.client)
		}
		if got := tc.c.Words(d, PractitionerVoice, tc.row); got != tc.pract {
			t.Errorf("practitioner voice:\n got %s\nwant %s", got, tc.pract)
		}
	}
	long := strings.Repeat("word ", 40)
	if s := Shorten(long, 90); len([]rune(s)) > 91 || !strings.HasSuffix(s, "…") || strings.Contains(s, "wor…") {
		t.Errorf("shorten cuts at a word: %q", s)
	}
}

func TestBandRanges(t *testing.T) {
	t.Parallel()
	s := &Scale{Bands: []Band{{Max: fp(5), Label: "low"}, {Max: fp(10), Label: "mid"}, {Max: fp(30), Label: "x"}, {Label: "high"}}}
	got := s.BandRanges(0, 20)
	want := []BandRange{{0, 5, "low", 0}, {5, 10, "mid", 1}, {10, 20, "x", 2}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("band ranges: %+v", got)
	}
	if r := s.BandRanges(6, 8); len(r) != 1 || r[0].Label != "mid" || r[0].From != 6 || r[0].To != 8 {
		t.Errorf("clipped to the range: %+v", r)
	}
	if (*Scale)(nil).BandRanges(0, 1) != nil {
		t.Error("no scale, no bands")
	}
}

// TestReadableNeverDrops: answers stored in an unexpected shape still show.
func TestReadableNeverDrops(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	got := map[string]ReadableItem{}
	for _, s := range Readable(d, Answers{"feelings": "sad", "episodes": "three of them"}) {
		for _, it := range s.Items {
			got[it.ID] = it
		}
	}
	if got["feelings"].Missing || got["feelings"].Text != "Sad" {
		t.Errorf("a multi_choice stored as one value: %+v", got["feelings"])
	}
	if got["episodes"].Missing || got["episodes"].Text != "three of them" {
		t.Errorf("a repeat stored as text: %+v", got["episodes"])
	}
}
