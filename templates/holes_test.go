package templates

import (
	"html/template"
	"strings"
	"testing"
)

// TestEscapeTextIsHTMLTemplates: EscapeText writes a string exactly as
// html/template does in HTML text, RCDATA and quoted attribute values,
// for every ASCII byte, non-ASCII text and broken UTF-8.
func TestEscapeTextIsHTMLTemplates(t *testing.T) {
	t.Parallel()
	values := []string{"", "plain", `"Quoted" <b>bold</b> & 'single' + end`, "Zoë — ✓ 😀", "bad \xff\xfe utf-8", "\uE000v\uE001 \uFDD0\uFFFF"}
	var all strings.Builder
	for b := 0; b < 128; b++ {
		values = append(values, "a"+string(rune(b))+"z")
		all.WriteByte(byte(b))
	}
	values = append(values, all.String())
	for _, ctx := range []string{`<p>{{.}}</p>`, `<input value="{{.}}">`, `<input value='{{.}}'>`, `<textarea>{{.}}</textarea>`, `<title>{{.}}</title>`} {
		tpl := template.Must(template.New("").Parse(ctx))
		open, close, _ := strings.Cut(ctx, "{{.}}")
		for _, v := range values {
			var want strings.Builder
			if err := tpl.Execute(&want, v); err != nil {
				t.Fatal(err)
			}
			if got := open + string(EscapeText(nil, v)) + close; got != want.String() {
				t.Errorf("%s with %q: EscapeText wrote %q, html/template %q", ctx, v, got, want.String())
			}
		}
	}
}

// TestCutHoles: a page rendered with holes is cut at them; a text hole
// where html/template would escape it otherwise (a script, a URL, an
// unquoted attribute, an event handler) is not a hole (the cut is refused,
// or the marker is escaped away), nor is a broken marker: the page is then
// rendered by its template.
func TestCutHoles(t *testing.T) {
	t.Parallel()
	type data struct {
		A, B string
		C    template.HTMLAttr
	}
	d := data{A: TextHole("a"), B: TextHole("b"), C: template.HTMLAttr(Hole("c"))} // #nosec: a marker
	cut := func(src string, d data) (Cut, bool) {
		var out strings.Builder
		if err := template.Must(template.New("").Parse(src)).Execute(&out, d); err != nil {
			t.Fatal(err)
		}
		return CutHoles(out.String())
	}
	c, ok := cut(`<title>{{.A}}</title><p title="{{.B}}">{{.A}}</p><input{{.C}}><textarea>{{.B}}</textarea>`, d)
	if !ok {
		t.Fatal("holes in text, RCDATA and quoted attributes: not cut")
	}
	want := Cut{Parts: []string{"<title>", `</title><p title="`, `">`, "</p><input", "><textarea>", "</textarea>"},
		Holes: []CutHole{{"a", true}, {"b", true}, {"a", true}, {"c", false}, {"b", true}}}
	if strings.Join(c.Parts, "|") != strings.Join(want.Parts, "|") || len(c.Holes) != len(want.Holes) {
		t.Fatalf("cut %q %v, want %q %v", c.Parts, c.Holes, want.Parts, want.Holes)
	}
	for i := range want.Holes {
		if c.Holes[i] != want.Holes[i] {
			t.Errorf("hole %d: %v, want %v", i, c.Holes[i], want.Holes[i])
		}
	}
	for _, src := range []string{`<script>var a = "{{.A}}";</script>`, `<a href="/x?q={{.A}}">x</a>`, `<p title={{.A}}>x</p>`,
		`<p onclick="f('{{.A}}')">x</p>`, `<style>p { content: "{{.A}}" }</style>`} {
		if c, ok := cut(src, d); ok && len(c.Holes) > 0 {
			t.Errorf("%s: a text hole where html/template escapes otherwise was cut", src)
		}
	}
	for _, broken := range []string{"x" + holeOpen + "a", "x" + holeRaw + "y", holeOpen + "a" + holeText + "not the probe", holeOpen + holeOpen + "a" + holeRaw} {
		if _, ok := CutHoles(broken); ok {
			t.Errorf("%q: a broken marker was cut", broken)
		}
	}
}
