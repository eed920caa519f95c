package worksheets

import (
	"fmt"
	"math"
	"unicode/utf8"
)

// value checks one non-repeat answer and returns its clean copy. Messages
// never include the answer itself.
func (ac *answerChecker) value(it *Item, name string, raw any) (any, bool) {
	bad := func(msg string) (any, bool) {
		ac.fail(name, msg)
		return nil, false
	}
	switch it.Type {
	case TypeText, TypeLongText:
		s, ok := raw.(string)
		if !ok {
			return bad("must be text")
		}
		if limit := it.TextLimit(); utf8.RuneCountInString(s) > limit {
			return bad(fmt.Sprintf("is too long (at most %d characters)", limit))
		}
		return s, true
	case TypeDate:
		s, ok := raw.(string)
		if !ok || (s != "" && !validDate(s)) {
			return bad("must be a date like 2024-03-31")
		}
		return s, true
	case TypeYesNo:
		b, ok := raw.(bool)
		if !ok {
			return bad("must be yes or no")
		}
		return b, true
	case TypeChoice:
		s, ok := raw.(string)
		if !ok || (s != "" && !it.isChoice(s)) {
			return bad("please choose one of the options")
		}
		return s, true
	case TypeMultiChoice:
		return ac.multi(it, name, raw)
	case TypeLikert:
		f, ok := toFloat(raw)
		if !ok || it.OptionLabel(f) == "" {
			return bad("please choose one of the points on the scale")
		}
		return f, true
	case TypeNumber, TypeSlider:
		f, ok := toFloat(raw)
		if !ok || !finite(f) {
			return bad("must be a number")
		}
		if !it.inRange(f) {
			return bad("must be " + it.describeNumber())
		}
		return f, true
	}
	return bad("cannot be answered")
}

// isChoice reports whether s is an option value, or "other" when allowed.
func (it *Item) isChoice(s string) bool {
	if it.AllowOther && s == OtherValue {
		return true
	}
	for _, o := range it.Options {
		if v, ok := o.Value.(string); ok && v == s {
			return true
		}
	}
	return false
}

func (ac *answerChecker) multi(it *Item, name string, raw any) (any, bool) {
	var list []any
	switch x := raw.(type) {
	case []any:
		list = x
	case []string:
		list = make([]any, len(x))
		for i, s := range x {
			list[i] = s
		}
	default:
		ac.fail(name, "must be a list of options")
		return nil, false
	}
	limit := len(it.Options)
	if it.AllowOther {
		limit++
	}
	if len(list) > limit {
		ac.fail(name, "has more choices than there are options")
		return nil, false
	}
	out := make([]any, 0, len(list))
	seen := map[string]bool{}
	for _, e := range list {
		s, ok := e.(string)
		switch {
		case !ok || !it.isChoice(s):
			ac.fail(name, "please choose only from the options")
			return nil, false
		case seen[s]:
			ac.fail(name, "lists the same option twice")
			return nil, false
		}
		seen[s] = true
		out = append(out, s)
	}
	return out, true
}

// inRange checks a number or slider answer against min, max and step.
func (it *Item) inRange(f float64) bool {
	if it.Min != nil && f < *it.Min {
		return false
	}
	if it.Max != nil && f > *it.Max {
		return false
	}
	step := it.stepOf()
	if step <= 0 || !finite(step) {
		return true
	}
	base := 0.0
	if it.Min != nil {
		base = *it.Min
	}
	k := (f - base) / step
	// Allow for binary fractions: 0.3 is not exactly 3 × 0.1.
	return math.Abs(k-math.Round(k)) <= 1e-9*math.Max(1, math.Abs(k))
}

// describeNumber says in words which numbers an item takes: "a whole number
// between 0 and 10", "a number from 0 to 1 in steps of 0.25".
func (it *Item) describeNumber() string {
	step := it.stepOf()
	whole := step > 0 && step == math.Trunc(step) && (it.Min == nil || *it.Min == math.Trunc(*it.Min))
	kind := "a number"
	if whole {
		kind = "a whole number"
	}
	var s string
	switch {
	case it.Min != nil && it.Max != nil:
		s = fmt.Sprintf("%s between %s and %s", kind, FormatNumber(*it.Min), FormatNumber(*it.Max))
	case it.Min != nil:
		s = fmt.Sprintf("%s of at least %s", kind, FormatNumber(*it.Min))
	case it.Max != nil:
		s = fmt.Sprintf("%s of at most %s", kind, FormatNumber(*it.Max))
	default:
		s = kind
	}
	if step > 0 && step != 1 {
		s += " in steps of " + FormatNumber(step)
	}
	return s
}
