package worksheets

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

func TestParseFixture(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	if got := d.ItemCount(); got != 14 {
		t.Errorf("ItemCount = %d, want 14", got)
	}
	q2, _ := d.ItemByID("q2")
	if len(q2.Options) != 4 || q2.Options[3].Value != 3.0 {
		t.Errorf("anchor not shared: q2 options %v", q2.Options)
	}
	if c := item(d, 0, 7).ShowIf; c == nil || c.Value != true {
		t.Errorf("show_if value = %#v, want bool true", c)
	}
	if v := d.Flags[1].When.Value; v != 9.0 {
		t.Errorf("flag value = %#v, want float64 9", v)
	}
	if ep, _ := d.ItemByID("episodes"); ep.MaxRows != 3 {
		t.Errorf("max_rows = %d, want 3", ep.MaxRows)
	}
}

func TestParseFillsDefaults(t *testing.T) {
	t.Parallel()
	d := mustParse(t, `key: k
version: 1
title: T
sections:
  - items:
      - {id: s, type: slider, prompt: P, min: 0, max: 10}
      - {id: r, type: repeat, prompt: P, items: [{id: x, type: text, prompt: X}]}
`)
	if s := item(d, 0, 0); s.Step == nil || *s.Step != 1 {
		t.Errorf("slider step = %v, want 1", s.Step)
	}
	if r := item(d, 0, 1); r.MaxRows != DefaultMaxRows {
		t.Errorf("max_rows = %d, want %d", r.MaxRows, DefaultMaxRows)
	}
}

func TestParseMergeKey(t *testing.T) {
	t.Parallel()
	d := mustParse(t, `key: k
version: 1
title: T
sections:
  - items:
      - &base {id: a, type: slider, prompt: P, min: 0, max: 10, step: 2}
      - {<<: *base, id: b, step: 5}
`)
	b := item(d, 0, 1)
	if b.ID != "b" || *b.Step != 5 || *b.Max != 10 {
		t.Errorf("merged item = %+v", b)
	}
}

// wantProblem asserts that err lists a problem at path (and line, when not 0)
// whose message contains msg.
func wantProblem(t *testing.T, err error, path string, line int, msg string) {
	t.Helper()
	var de *DefinitionError
	if !errors.As(err, &de) {
		t.Fatalf("error = %v, want *DefinitionError", err)
	}
	for _, p := range de.Problems {
		if p.Path == path && strings.Contains(p.Message, msg) && (line == 0 || p.Line == line) {
			return
		}
	}
	t.Errorf("no problem %s (line %d) %q in\n%s", path, line, msg, de.String())
}

func TestParseStructuralProblems(t *testing.T) {
	t.Parallel()
	src := `key: k
version: one
title: T
colour: red
sections:
  - title: S
    items:
      - id: a
        type: text
        prompt: P
        requierd: true
      - id: b
        type: choice
        prompt: P
        options: [{value: x, label: X, score: 1}, {value: y, label: Y}]
      - id: c
        type: number
        prompt: P
        min: [1]
        required: maybe
      - id: d
        type: nope
        prompt: P
      - id: e
        type: number
        prompt: P
        prompt: Q
`
	_, err := Parse([]byte(src))
	wantProblem(t, err, "version", 2, "must be a whole number")
	wantProblem(t, err, "colour", 4, "is not a known field")
	wantProblem(t, err, "sections[0].items[0].requierd", 11, "is not a known field here (known: id, type, prompt")
	wantProblem(t, err, "sections[0].items[1].options[0].score", 15, "is not a known field")
	wantProblem(t, err, "sections[0].items[2].min", 19, "must be a number")
	wantProblem(t, err, "sections[0].items[2].required", 20, "must be true or false")
	// Semantic problems come in the same list, placed by line.
	wantProblem(t, err, "sections[0].items[3].type", 22, "is not a known type")
	wantProblem(t, err, "sections[0].items[4].prompt", 27, "is given more than once")
	de := err.(*DefinitionError)
	if len(de.Problems) != 8 {
		t.Errorf("got %d problems, want 8:\n%s", len(de.Problems), de.String())
	}
	for i := 1; i < len(de.Problems); i++ {
		if de.Problems[i].Line < de.Problems[i-1].Line {
			t.Errorf("problems not in line order:\n%s", de.String())
		}
	}
	if err.Error() != "worksheet definition is invalid" {
		t.Errorf("Error() = %q", err.Error())
	}
	if !strings.Contains(de.String(), "sections[0].items[1].options[0].score: is not a known field") {
		t.Errorf("String() = %s", de.String())
	}
}

func TestParseSemanticLines(t *testing.T) {
	t.Parallel()
	// Problems found after decoding are placed on the line of their path,
	// or of the nearest parent when the field is missing.
	src := strings.Replace(fixtureYAML, "options: [{value: parent, label: Parent}, {value: friend, label: Friend}]",
		"options: [{value: parent, label: Parent}]", 1)
	src = strings.Replace(src, "      - id: q2\n", "      - id: q1\n", 1)
	src = strings.Replace(src, "    items: [q1, q2]\n    method: mean", "    items: [q1, q2]\n    method: median", 1)
	_, err := Parse([]byte(src))
	wantProblem(t, err, "sections[0].items[7].options", lineOf(src, "options: [{value: parent"), "needs at least 2 options")
	wantProblem(t, err, "sections[0].items[10].id", lineOf(src, "options: &pts")+1, "is already used by sections[0].items[9]")
	wantProblem(t, err, "scales[1].method", lineOf(src, "method: median"), "must be sum or mean")
	// A missing field falls back to its item's line.
	src = strings.Replace(fixtureYAML, "        prompt: Your name\n", "", 1)
	_, err = Parse([]byte(src))
	wantProblem(t, err, "sections[0].items[1].prompt", lineOf(src, "id: name"), "must not be empty")
}

// lineOf is the 1-based line of the first line of src containing s.
func lineOf(src, s string) int {
	i := strings.Index(src, s)
	if i < 0 {
		return -1
	}
	return strings.Count(src[:i], "\n") + 1
}

func TestParseSyntaxAndSize(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		src  string
		line int
		msg  string
	}{
		{"syntax", "key: k\ntitle: [unclosed\nversion: 1\n", 0, "not valid YAML"},
		{"tab", "key: k\n\ttitle: x\n", 2, "not valid YAML"},
		{"empty", "", 0, "the file is empty"},
		{"comment only", "# nothing\n", 0, "the file is empty"},
		{"two documents", "key: a\n---\nkey: b\n", 0, "one worksheet only"},
		{"not a mapping", "- a\n- b\n", 1, "must be a group of fields"},
		{"too big", "key: k\n" + strings.Repeat("#", MaxDefinitionSize), 0, "too large"},
		{"alias bomb", aliasBomb(), 0, "too large once shared parts"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse([]byte(tt.src))
			wantProblem(t, err, "", tt.line, tt.msg)
		})
	}
	t.Run("deep condition", func(t *testing.T) {
		deep := strings.Repeat("{all: [", 30) + "{item: a, op: exists}" + strings.Repeat("]}", 30)
		src := "key: k\nversion: 1\ntitle: T\nsections:\n  - items:\n      - {id: a, type: text, prompt: P}\n" +
			"      - {id: b, type: text, prompt: P, show_if: " + deep + "}\n"
		_, err := Parse([]byte(src))
		wantProblem(t, err, "sections[0].items[1].show_if"+strings.Repeat(".all[0]", 5), 7, "is nested too deeply (at most 5 levels)")
	})
}

// aliasBomb is a "billion laughs" document: each level doubles the nodes.
func aliasBomb() string {
	var b strings.Builder
	b.WriteString("key: k\nversion: 1\ntitle: T\nsections:\n  - items:\n")
	b.WriteString("    - &a0 {id: x, type: text, prompt: P}\n")
	for i := 1; i <= 7; i++ {
		b.WriteString("    - &a" + itoa(i) + " {id: x, type: repeat, prompt: P, items: [")
		b.WriteString(strings.TrimSuffix(strings.Repeat("*a"+itoa(i-1)+", ", 10), ", "))
		b.WriteString("]}\n")
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }

func TestParseJSON(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	data, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseJSON(data)
	if err != nil {
		t.Fatalf("ParseJSON: %s", problemsOf(err))
	}
	if !reflect.DeepEqual(d, back) {
		t.Errorf("JSON round trip changed the definition")
	}
	tests := []struct {
		name, src, path, msg string
	}{
		{"unknown field", `{"key":"k","colour":1}`, "colour", "is not a known field"},
		{"wrong kind", `{"key":"k","version":"1"}`, "version", "must be a whole number"},
		{"syntax", `{"key":`, "", "not valid JSON"},
		{"trailing", `{"key":"k","version":1,"title":"T","sections":[{"items":[{"id":"a","type":"text","prompt":"P"}]}]} {}`, "", "one worksheet only"},
		{"semantic", `{"key":"k","version":1,"title":"T","sections":[{"items":[{"id":"a","type":"text"}]}]}`, "sections[0].items[0].prompt", "must not be empty"},
		{"object as value", `{"key":"k","version":1,"title":"T","sections":[{"items":[{"id":"a","type":"choice","prompt":"P","options":[{"value":{},"label":"A"},{"value":"b","label":"B"}]}]}]}`, "sections[0].items[0].options[0].value", "must be text"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseJSON([]byte(tt.src))
			wantProblem(t, err, tt.path, 0, tt.msg)
		})
	}
}

func TestMarshalYAMLRoundTrip(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	out, err := MarshalYAML(d)
	if err != nil {
		t.Fatal(err)
	}
	back, err := Parse(out)
	if err != nil {
		t.Fatalf("Parse(MarshalYAML): %s\n%s", problemsOf(err), out)
	}
	if !reflect.DeepEqual(d, back) {
		t.Errorf("round trip changed the definition:\n%s", out)
	}
	for _, want := range []string{"{value: 0, label: Never}", `show_if: {item: asked, op: =, value: true}`, "items: [q1, -q2, stress]", "client_message: Stressful weeks happen."} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if _, err := MarshalYAML(nil); err == nil {
		t.Error("MarshalYAML(nil) gave no error")
	}
}
