package views

import (
	"strings"

	"github.com/tend-health/tend/worksheets"
)

var opWords = map[string]string{"=": "is", "!=": "is not", ">": "is more than", ">=": "is at least", "<": "is less than", "<=": "is at most"}

// DescribeCondition puts a show_if or flag rule into words, naming items
// by their prompts: “Did you ask anyone for help this week?” is Yes.
func DescribeCondition(d *worksheets.Definition, c *worksheets.Condition) string {
	var parts []string
	if c.Item != "" {
		it, ok := d.ItemByID(c.Item)
		name := c.Item
		if ok && it.Prompt != "" {
			name = it.Prompt
			if r := []rune(name); len(r) > 70 {
				name = string(r[:70]) + "…"
			}
		}
		name = "“" + name + "”"
		switch {
		case c.Op == "exists" && c.Value == false:
			parts = append(parts, name+" is not answered")
		case c.Op == "exists":
			parts = append(parts, name+" is answered")
		default:
			word := opWords[c.Op]
			if word == "" {
				word = c.Op
			}
			parts = append(parts, name+" "+word+" "+conditionValue(it, c.Value))
		}
	}
	group := func(word string, cs []worksheets.Condition) {
		if len(cs) == 0 {
			return
		}
		var in []string
		for i := range cs {
			in = append(in, DescribeCondition(d, &cs[i]))
		}
		parts = append(parts, word+": "+strings.Join(in, "; "))
	}
	group("all of", c.All)
	group("any of", c.Any)
	return strings.Join(parts, ", and ")
}

// conditionValue is a rule's value as the client sees it (an option's label).
func conditionValue(it worksheets.Item, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case float64:
		if l := it.OptionLabel(x); l != "" {
			return "“" + l + "”"
		}
		return Num(x)
	case string:
		if l := it.OptionLabel(x); l != "" {
			return "“" + l + "”"
		}
		return "“" + x + "”"
	}
	return ""
}
