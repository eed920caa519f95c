package worksheets

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
)

// DateLayout is how an answered date reads on every surface.
const DateLayout = "Monday 2 January 2006"

// FormatNumber writes a number the one way Tend shows numbers: the
// shortest decimal that reads back the same ("10", "2.5", "-0.25").
func FormatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// ProratedWord marks a prorated score (ScaleScore.Prorated) on every surface.
const ProratedWord = "prorated"

// ProratedSuffix is what follows a score: " prorated" when it is prorated, else "".
func ProratedSuffix(prorated bool) string {
	if prorated {
		return " " + ProratedWord
	}
	return ""
}

// FormatDate turns a stored YYYY-MM-DD answer into words; other text is
// returned as it is.
func FormatDate(s string) string {
	if t, err := time.Parse("2006-01-02", s); err == nil {
		return t.Format(DateLayout)
	}
	return s
}

// ValueWords is the plain text of any stored value: numbers by
// FormatNumber, booleans as Yes/No, lists joined with ", ", objects as
// "key: value; …". date says a string is a YYYY-MM-DD answer.
func ValueWords(v any, date bool) string {
	if f, ok := toFloat(v); ok {
		return FormatNumber(f)
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		if date {
			return FormatDate(x)
		}
		return x
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, ValueWords(e, false))
		}
		return strings.Join(parts, ", ")
	case []string:
		return strings.Join(x, ", ")
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+ValueWords(x[k], false))
		}
		return strings.Join(parts, "; ")
	}
	return fmt.Sprint(v)
}

// Voice is who a condition is said to.
type Voice int

const (
	// ClientVoice speaks to the person answering: "if you answered “Yes”
	// to “Did you try it?”" (the form without JavaScript says
	// "Answer this " before it).
	ClientVoice Voice = iota
	// PractitionerVoice describes the rule: "“Did you try it?” is Yes".
	PractitionerVoice
)

// Words says condition c in words, naming items by their prompts. row
// holds the sibling sub-items of a repeat row, which a condition names
// before top-level items (as Eval does); nil outside a row.
func (c Condition) Words(d *Definition, v Voice, row []Item) string {
	join := ", and "
	var parts []string
	if c.Item != "" {
		if w := c.leafWords(d, v, row); w != "" {
			parts = append(parts, w)
		}
	}
	group := func(word, sep string, cs []Condition) {
		var in []string
		for _, sub := range cs {
			if w := sub.Words(d, v, row); w != "" {
				in = append(in, w)
			}
		}
		switch {
		case len(in) == 0:
		case v == PractitionerVoice:
			parts = append(parts, word+": "+strings.Join(in, "; "))
		default:
			parts = append(parts, strings.Join(in, sep))
		}
	}
	group("all of", ", and ", c.All)
	group("any of", ", or ", c.Any)
	return strings.Join(parts, join)
}

func (c Condition) leafWords(d *Definition, v Voice, row []Item) string {
	it, ok := conditionItem(d, c.Item, row)
	if !ok {
		if v == PractitionerVoice {
			return "“" + c.Item + "” " + opWords(c.Op, false) + " " + ValueWords(c.Value, false)
		}
		return ""
	}
	q := "“" + Shorten(it.Prompt, 90) + "”"
	empty := c.Op == "exists" && c.Value == false
	if v == PractitionerVoice {
		switch {
		case empty:
			return q + " is not answered"
		case c.Op == "exists":
			return q + " is answered"
		}
		return q + " " + opWords(c.Op, it.Type == TypeDate) + " " + conditionValue(it, c.Value)
	}
	switch {
	case empty:
		return "if you left " + q + " empty"
	case c.Op == "exists":
		return "if you answered " + q
	}
	val := conditionValue(it, c.Value)
	switch it.Type {
	case TypeYesNo:
		yes, _ := c.Value.(bool)
		if c.Op == "!=" {
			yes = !yes
		}
		return "if you answered “" + ValueWords(yes, false) + "” to " + q
	case TypeChoice, TypeLikert:
		switch c.Op {
		case "!=":
			return "if you chose something other than " + val + " for " + q
		case "=":
			return "if you chose " + val + " for " + q
		}
	case TypeMultiChoice:
		if c.Op == "!=" {
			return "if you did not tick " + val + " in " + q
		}
		return "if you ticked " + val + " in " + q
	}
	return "if your answer to " + q + " " + opWords(c.Op, it.Type == TypeDate) + " " + val
}

// conditionValue is a rule's value as the client saw it: an option's label
// or a text in quotes, a date in words, a number or Yes/No as it is.
func conditionValue(it Item, v any) string {
	if l := it.OptionLabel(v); l != "" {
		return "“" + l + "”"
	}
	if s, ok := v.(string); ok {
		return "“" + ValueWords(s, it.Type == TypeDate) + "”"
	}
	return ValueWords(v, false)
}

func opWords(op string, date bool) string {
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

// conditionItem finds a condition's item: a sibling in the row first, then
// an item anywhere in the definition.
func conditionItem(d *Definition, id string, row []Item) (Item, bool) {
	for _, it := range row {
		if it.ID == id {
			return it, true
		}
	}
	return d.ItemByID(id)
}

// Shorten cuts s at a word boundary to about n characters, with "…".
func Shorten(s string, n int) string {
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
