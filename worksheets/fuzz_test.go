package worksheets

import (
	"encoding/json"
	"errors"
	"flag"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestMain shortens the minimization of new fuzz inputs unless
// -fuzzminimizetime is given: with the default 60s, minimizing one input
// grown from a 10 KB library seed eats a whole 20-second CI fuzz run.
func TestMain(m *testing.M) {
	flag.Parse()
	set := false
	flag.Visit(func(f *flag.Flag) { set = set || f.Name == "test.fuzzminimizetime" })
	if !set {
		_ = flag.Set("test.fuzzminimizetime", "2s")
	}
	os.Exit(m.Run())
}

func FuzzParseDefinition(f *testing.F) {
	names, _ := libraryFS.ReadDir("library")
	for _, n := range names {
		if src, ok := LibraryYAML(strings.TrimSuffix(n.Name(), ".yaml")); ok {
			f.Add(src)
		}
	}
	f.Add([]byte(fixtureYAML))
	f.Add([]byte(scoringYAML))
	f.Add([]byte("key: k\nversion: 1\ntitle: T\nsections: [{items: [{id: a, type: text, prompt: P}]}]\n"))
	f.Add([]byte("key: k\nversion: 1\ntitle: T\nsections:\n  - items:\n      - &a {id: a, type: slider, prompt: P, min: 0, max: 1, step: 0.1}\n      - {<<: *a, id: b}\n"))
	f.Add([]byte("key: [\n"))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		d, err := Parse(data)
		if err != nil {
			var de *DefinitionError
			if !errors.As(err, &de) || len(de.Problems) == 0 {
				t.Fatalf("error without problems: %v", err)
			}
			if len(de.Problems) > maxProblems+1 {
				t.Fatalf("%d problems", len(de.Problems))
			}
			return
		}
		checkLimits(t, d)
		if ps := d.Validate(); len(ps) != 0 {
			t.Fatalf("accepted definition has problems: %v", ps)
		}
		out, err := MarshalYAML(d)
		if err != nil {
			t.Fatalf("MarshalYAML: %v", err)
		}
		back, err := Parse(out)
		if err != nil {
			t.Fatalf("Parse(MarshalYAML): %s\n%s", problemsOf(err), out)
		}
		if !reflect.DeepEqual(d, back) {
			t.Fatalf("round trip changed the definition:\n%s", out)
		}
		// An accepted definition works with any answers.
		a := completeAnswers(d, "")
		clean, _ := d.ValidateAnswers(a, Submit)
		d.Score(clean)
		d.EvaluateFlags(clean)
	})
}

// checkLimits asserts the size limits hold for an accepted definition.
func checkLimits(t *testing.T, d *Definition) {
	total := 0
	var item func(it *Item)
	item = func(it *Item) {
		total++
		if len(it.Options) > maxOptions || utf8.RuneCountInString(it.Prompt) > maxPromptLen ||
			it.MaxLength > maxTextLengthCap || it.MaxRows > maxRowsLimit {
			t.Fatalf("item %s breaks a limit", it.ID)
		}
		if it.ShowIf != nil && conditionDepth(it.ShowIf) > maxConditionDepth {
			t.Fatalf("item %s: condition too deep", it.ID)
		}
		for i := range it.Items {
			item(&it.Items[i])
		}
	}
	for _, s := range d.Sections {
		for i := range s.Items {
			item(&s.Items[i])
		}
	}
	if total > maxItems || utf8.RuneCountInString(d.Guide) > maxGuideLen {
		t.Fatalf("definition breaks a limit: %d items", total)
	}
	for _, f := range d.Flags {
		if conditionDepth(&f.When) > maxConditionDepth {
			t.Fatalf("flag %s: condition too deep", f.ID)
		}
	}
}

func conditionDepth(c *Condition) int {
	deepest := 0
	for _, list := range [][]Condition{c.All, c.Any} {
		for i := range list {
			deepest = max(deepest, conditionDepth(&list[i]))
		}
	}
	return deepest + 1
}

func FuzzValidateAnswers(f *testing.F) {
	seed := func(a Answers) {
		b, _ := json.Marshal(a)
		f.Add(b)
	}
	seed(validAnswers())
	seed(Answers{})
	seed(Answers{"name": "a secret I typed", "age": "forty two", "when": "yesterday, I think", "who": "my grandmother",
		"feelings": []any{"confused and tired"}, "q1": "not really sure", "episodes": []any{map[string]any{"ep_kind": "something else"}}})
	seed(Answers{"episodes": []any{map[string]any{}, nil, "row"}, "who_other": 3.0, "asked": "yes please"})
	f.Add([]byte(`{"age": 1e400, "stress": -0, "q1": 3.0000000001}`))
	d := fixture(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Answers
		if json.Unmarshal(data, &a) != nil {
			return
		}
		before := string(data)
		texts := longStrings(a, nil)
		for _, mode := range []Mode{Draft, Submit} {
			out, errs := d.ValidateAnswers(a, mode)
			for _, e := range errs {
				for _, s := range texts {
					if strings.Contains(e.Message, s) {
						t.Fatalf("message %q echoes answer text %q", e.Message, s)
					}
				}
			}
			if len(errs) == 0 {
				// Clean answers stay clean and unchanged.
				again, errs2 := d.ValidateAnswers(out, mode)
				if len(errs2) != 0 || !reflect.DeepEqual(again, out) {
					t.Fatalf("cleaned answers not stable: %v", errs2)
				}
			}
			d.Score(out)
			d.EvaluateFlags(out)
		}
		if after, _ := json.Marshal(a); len(after) > 0 {
			var again Answers
			_ = json.Unmarshal([]byte(before), &again)
			if !reflect.DeepEqual(a, again) {
				t.Fatal("input changed")
			}
		}
	})
}

// longStrings collects the answer strings of 8 characters or more.
func longStrings(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		if utf8.RuneCountInString(x) >= 8 {
			out = append(out, x)
		}
	case []any:
		for _, e := range x {
			out = longStrings(e, out)
		}
	case map[string]any:
		for _, e := range x {
			out = longStrings(e, out)
		}
	case Answers:
		for _, e := range x {
			out = longStrings(e, out)
		}
	}
	return out
}
