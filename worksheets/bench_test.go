package worksheets

import (
	"fmt"
	"strings"
	"testing"
)

// bench40 builds a 40-item definition: 30 likert items in three scales and
// 10 text items, one with a show_if, and a flag.
func bench40(b *testing.B) (*Definition, Answers) {
	var y strings.Builder
	y.WriteString("key: bench\nversion: 1\ntitle: Bench\nsections:\n  - title: All\n    items:\n")
	a := Answers{}
	for i := 0; i < 30; i++ {
		fmt.Fprintf(&y, "      - {id: l%d, type: likert, prompt: Likert %d, required: true, options: "+
			"[{value: 0, label: a}, {value: 1, label: b}, {value: 2, label: c}, {value: 3, label: d}, {value: 4, label: e}]}\n", i, i)
		a[fmt.Sprintf("l%d", i)] = float64(i % 5)
	}
	for i := 0; i < 10; i++ {
		fmt.Fprintf(&y, "      - {id: t%d, type: text, prompt: Text %d", i, i)
		if i == 9 {
			y.WriteString(`, show_if: {item: l0, op: ">=", value: 0}`)
		}
		y.WriteString("}\n")
		a[fmt.Sprintf("t%d", i)] = "Some words a client might write in a box."
	}
	y.WriteString("scales:\n")
	for s := 0; s < 3; s++ {
		fmt.Fprintf(&y, "  - {id: s%d, title: S, method: sum, items: [", s)
		for i := 0; i < 10; i++ {
			if i > 0 {
				y.WriteString(", ")
			}
			if i%3 == 0 {
				y.WriteString("-")
			}
			fmt.Fprintf(&y, "l%d", s*10+i)
		}
		y.WriteString("], bands: [{max: 13, label: low}, {max: 26, label: mid}, {label: high}]}\n")
	}
	y.WriteString(`flags: [{id: f, when: {item: l1, op: ">=", value: 1}, severity: high, message: M}]` + "\n")
	return mustParse(b, y.String()), a
}

func BenchmarkValidateAndScore40Items(b *testing.B) {
	d, a := bench40(b)
	if d.ItemCount() != 40 {
		b.Fatalf("ItemCount = %d", d.ItemCount())
	}
	b.ReportAllocs()
	for b.Loop() {
		clean, errs := d.ValidateAnswers(a, Submit)
		if len(errs) != 0 {
			b.Fatal(errs)
		}
		scores := d.Score(clean)
		if scores[0].Value == nil {
			b.Fatal("not scored")
		}
		if len(d.EvaluateFlags(clean)) != 1 {
			b.Fatal("flag did not fire")
		}
	}
}
