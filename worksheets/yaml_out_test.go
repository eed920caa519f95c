package worksheets

import (
	"reflect"
	"testing"
)

func TestMarshalYAMLTrickyText(t *testing.T) {
	t.Parallel()
	tricky := []string{"yes", "no", "123", "1e3", "- x", "a: b", " leading", "trailing ", "tab\there", "null", "~", "#hash",
		"line\nbreak", "ends with newline\n", "\n\nstarts with newlines", "crlf\r\nline", "ünïcødé ✓", "'quoted'", `"double"`,
		"{flow}", "[list]", "*alias", "&anchor", "!tag", "%directive", "@at", "`tick`", "  \n  ", "<<", "2024-01-01", "0x10", ".inf", "\u00a0nbsp",
		"long " + string(make([]byte, 0)) + "word word word word word word word word word word word word word word word word word word word word word word word word word"}
	for _, s := range tricky {
		d := fixture(t)
		d.Description = s
		d.Guide = s
		item(d, 0, 1).Help = s
		if s != "  \n  " {
			item(d, 0, 7).Options[0].Label = s
		}
		item(d, 0, 8).Options[0].Value = s
		item(d, 1, 1).ShowIf = &Condition{Item: "feelings", Op: "=", Value: s}
		if s == "  \n  " || s == "" {
			item(d, 0, 8).Options[0].Value = "x" + s
			item(d, 1, 1).ShowIf.Value = "x" + s
		}
		out, err := MarshalYAML(d)
		if err != nil {
			t.Errorf("%q: %v", s, err)
			continue
		}
		back, err := Parse(out)
		if err != nil {
			t.Errorf("%q: %s\n%s", s, problemsOf(err), out)
			continue
		}
		if !reflect.DeepEqual(back, d) {
			t.Errorf("%q: round trip changed the definition\n%s", s, out)
		}
	}
}
