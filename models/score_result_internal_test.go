package models

import (
	"encoding/json"
	"math"
	"reflect"
	"testing"
)

// TestScoreResultDecode: the fast reading of a sealed score gives exactly
// what encoding/json gives, for every kind of value and text json.Marshal
// writes (or declines, leaving it to encoding/json).
func TestScoreResultDecode(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	texts := []string{"", "moderate", `say "no"`, "back\\slash", "<b>&</b>", "line\nbreak\ttab", "Zoë — “quoted” 😀",
		"\u2028sep\u2029", "ctl\x01", "bad \xff utf8", "a/b"}
	values := []*float64{nil, f(0), f(-0.5), f(7), f(12.25), f(1e21), f(1e-7), f(math.MaxFloat64)}
	fast := 0
	for _, v := range values {
		for _, text := range texts {
			in := scoreResult{Value: v, Band: text, Meaning: "m " + text, Note: text + " n"}
			js, err := json.Marshal(in)
			if err != nil {
				t.Fatal(err)
			}
			var want scoreResult
			if err := json.Unmarshal(js, &want); err != nil {
				t.Fatal(err)
			}
			var got scoreResult
			if got.decode(js) {
				fast++
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: decode gives %+v, encoding/json %+v", js, got, want)
				}
			}
		}
	}
	if fast < len(values)*(len(texts)-2) {
		t.Errorf("only %d of %d results read the fast way", fast, len(values)*len(texts))
	}
	for _, bad := range []string{`{"value":1}`, `{"band":"x"}`, `{"value":x,"band":"","meaning":"","note":""}`,
		`{"value":1,"band":"a","meaning":"b","note":"c"} `, `{"value":1,"band":"a\/b","meaning":"","note":""}`} {
		var r scoreResult
		if r.decode([]byte(bad)) {
			t.Errorf("decode read %s", bad)
		}
	}
}
