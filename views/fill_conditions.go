package views

import (
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// FillConditionNote says a show_if condition in words, for pages without
// JavaScript where every item shows: "Answer this if you answered “Yes” to
// “Did you try it?”". row holds the sibling sub-items of a repeat row,
// which a condition names before top-level items (as Condition.Eval does).
func FillConditionNote(def *worksheets.Definition, c worksheets.Condition, row []worksheets.Item) string {
	s := fillConditionWords(def, c, row)
	if s == "" {
		return ""
	}
	return "Answer this " + s
}

func fillConditionWords(def *worksheets.Definition, c worksheets.Condition, row []worksheets.Item) string {
	var parts []string
	for _, sub := range c.All {
		if w := fillConditionWords(def, sub, row); w != "" {
			parts = append(parts, w)
		}
	}
	all := strings.Join(parts, ", and ")
	parts = nil
	for _, sub := range c.Any {
		if w := fillConditionWords(def, sub, row); w != "" {
			parts = append(parts, w)
		}
	}
	anyOf := strings.Join(parts, ", or ")
	leaf := ""
	if c.Item != "" {
		leaf = fillLeafWords(def, c, row)
	}
	var out []string
	for _, p := range []string{all, anyOf, leaf} {
		if p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", and ")
}

// fillLeafWords says one rule: "if you answered “Yes” to “…”".
func fillLeafWords(def *worksheets.Definition, c worksheets.Condition, row []worksheets.Item) string {
	it, ok := fillFindItem(def, c.Item, row)
	if !ok {
		return ""
	}
	q := "“" + fillShorten(it.Prompt, 90) + "”"
	if c.Op == "exists" {
		if b, isBool := c.Value.(bool); isBool && !b {
			return "if you left " + q + " empty"
		}
		return "if you answered " + q
	}
	val := it.OptionLabel(c.Value)
	if val == "" {
		val = fillValueText(c.Value)
	}
	switch it.Type {
	case worksheets.TypeYesNo:
		yes, _ := c.Value.(bool)
		if c.Op == "!=" {
			yes = !yes
		}
		label := "No"
		if yes {
			label = "Yes"
		}
		return "if you answered “" + label + "” to " + q
	case worksheets.TypeChoice, worksheets.TypeLikert:
		if c.Op == "!=" {
			return "if you chose something other than “" + val + "” for " + q
		}
		if c.Op == "=" {
			return "if you chose “" + val + "” for " + q
		}
	case worksheets.TypeMultiChoice:
		if c.Op == "!=" {
			return "if you did not tick “" + val + "” in " + q
		}
		return "if you ticked “" + val + "” in " + q
	}
	return "if your answer to " + q + " " + fillComparison(c.Op, it.Type == worksheets.TypeDate) + " " + val
}

func fillComparison(op string, date bool) string {
	switch op {
	case ">":
		if date {
			return "is after"
		}
		return "is more than"
	case ">=":
		return "is at least"
	case "<":
		if date {
			return "is before"
		}
		return "is less than"
	case "<=":
		return "is at most"
	case "!=":
		return "is not"
	}
	return "is"
}

// fillFindItem finds a condition's item: a sibling in the row first, then a
// top-level item.
func fillFindItem(def *worksheets.Definition, id string, row []worksheets.Item) (worksheets.Item, bool) {
	for _, it := range row {
		if it.ID == id {
			return it, true
		}
	}
	return def.ItemByID(id)
}

// fillShorten cuts s at a word boundary to about n characters.
func fillShorten(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
