package worksheets

import (
	"fmt"
	"math"
	"strings"
	"time"
)

var knownOps = []string{"=", "!=", ">", ">=", "<", "<=", "exists"}

// condition checks a show_if or flag rule. owner is the item whose show_if
// this is, or nil for a flag rule (which may look at any top-level item).
func (v *validator) condition(p string, c *Condition, owner *itemRef, depth int) {
	if depth > maxConditionDepth {
		v.add(p, "is nested too deeply (at most %d levels)", maxConditionDepth)
		return
	}
	leaf := c.Item != "" || c.Op != "" || c.Value != nil
	kinds := 0
	for _, b := range []bool{leaf, len(c.All) > 0, len(c.Any) > 0} {
		if b {
			kinds++
		}
	}
	switch {
	case kinds == 0:
		v.add(p, "must not be empty (give item and op, or an all or any list)")
		return
	case kinds > 1:
		v.add(p, "must be either one rule (item, op, value) or one group (all or any), not both")
		return
	}
	for _, g := range []struct {
		name string
		list []Condition
	}{{"all", c.All}, {"any", c.Any}} {
		if len(g.list) > maxGroupSize {
			v.add(p+"."+g.name, "has too many rules (at most %d)", maxGroupSize)
			continue
		}
		for i := range g.list {
			v.condition(fmt.Sprintf("%s.%s[%d]", p, g.name, i), &g.list[i], owner, depth+1)
		}
	}
	if leaf {
		v.leaf(p, c, owner)
	}
}

func (v *validator) leaf(p string, c *Condition, owner *itemRef) {
	target := v.target(p+".item", c.Item, owner)
	switch {
	case c.Op == "":
		v.add(p+".op", "must not be empty")
		return
	case !typeIn(c.Op, knownOps):
		v.add(p+".op", "must be one of %s", strings.Join(knownOps, " "))
		return
	}
	val := normValue(c.Value)
	if c.Op == "exists" {
		if _, isBool := val.(bool); val != nil && !isBool {
			v.add(p+".value", "must be true, false or left out when op is exists")
		}
		return
	}
	if val == nil {
		v.add(p+".value", "must not be empty")
		return
	}
	if target == nil {
		return
	}
	it := target.item
	ordered := c.Op != "=" && c.Op != "!="
	switch it.Type {
	case TypeRepeat:
		v.add(p+".op", "must be exists for a table (repeat)")
	case TypeText, TypeLongText, TypeYesNo, TypeChoice, TypeMultiChoice:
		if ordered {
			v.add(p+".op", "must be =, != or exists for a %s item", it.Type)
			return
		}
		if it.Type == TypeYesNo {
			if _, ok := val.(bool); !ok {
				v.add(p+".value", "must be true or false for a yes_no item")
			}
			return
		}
		s, ok := val.(string)
		if !ok {
			v.add(p+".value", "must be text for a %s item", it.Type)
			return
		}
		if (it.Type == TypeChoice || it.Type == TypeMultiChoice) && !(it.AllowOther && s == OtherValue) &&
			it.OptionLabel(s) == "" {
			v.add(p+".value", "is not one of the options of %s", it.ID)
		}
	case TypeDate:
		s, ok := val.(string)
		if !ok || !validDate(s) {
			v.add(p+".value", "must be a date like 2024-03-31")
		}
	case TypeNumber, TypeLikert, TypeSlider:
		if f, ok := val.(float64); !ok || !finite(f) {
			v.add(p+".value", "must be a number for a %s item", it.Type)
		}
	}
}

// target finds the item a rule looks at and checks that it comes earlier.
func (v *validator) target(p, id string, owner *itemRef) *itemRef {
	if id == "" {
		v.add(p, "must not be empty")
		return nil
	}
	t := v.ids[id]
	if t == nil {
		v.add(p, "refers to %q, which is not a question on this worksheet", id)
		return nil
	}
	if t.parent != nil && (owner == nil || owner.parent != t.parent) {
		v.add(p, "refers to %q, which is inside a table; only questions in the same row can be used", id)
		return nil
	}
	if owner != nil {
		// A sub-item may look at an earlier top-level item, that is one
		// before its table.
		limit := owner.order
		if owner.parent != nil && t.parent == nil {
			limit = owner.parent.order
		}
		if t.order >= limit {
			v.add(p, "refers to %q, which does not come earlier; a rule can only look at earlier questions", id)
			return nil
		}
	}
	if t.item.Type == TypeInfo {
		v.add(p, "refers to %q, an info block, which has no answer", id)
		return nil
	}
	return t
}

func validDate(s string) bool {
	if len(s) != 10 {
		return false
	}
	_, err := time.Parse("2006-01-02", s)
	return err == nil
}

func (v *validator) scales() {
	if len(v.d.Scales) > maxScales {
		v.add("scales", "has too many scales (at most %d)", maxScales)
		return
	}
	seen := map[string]int{}
	for si := range v.d.Scales {
		s := &v.d.Scales[si]
		p := fmt.Sprintf("scales[%d]", si)
		v.uniqueID(p, "scales", s.ID, si, seen)
		v.text(p+".title", s.Title, maxTitleLen, true)
		v.text(p+".interpretation", s.Interpretation, maxPromptLen, false)
		if s.Method != "sum" && s.Method != "mean" {
			v.add(p+".method", "must be sum or mean")
		}
		lo, hi, rangeOK := v.scaleItems(p, s)
		if m := s.MinAnswered; m != nil && (*m < 1 || *m > len(s.Items)) {
			v.add(p+".min_answered", "must be between 1 and %d (the number of items on the scale)", len(s.Items))
		}
		v.bands(p, s, lo, hi, rangeOK)
	}
}

// scaleItems checks a scale's item list and returns its possible range.
func (v *validator) scaleItems(p string, s *Scale) (lo, hi float64, ok bool) {
	switch {
	case len(s.Items) == 0:
		v.add(p+".items", "must list at least one item")
		return 0, 0, false
	case len(s.Items) > maxItems:
		v.add(p+".items", "has too many items (at most %d)", maxItems)
		return 0, 0, false
	}
	ok = true
	listed := map[string]int{}
	for i, ref := range s.Items {
		ip := fmt.Sprintf("%s.items[%d]", p, i)
		id := strings.TrimPrefix(ref, "-")
		if j, dup := listed[id]; dup {
			v.add(ip, "lists %q again (already items[%d])", id, j)
			ok = false
			continue
		}
		listed[id] = i
		t := v.ids[id]
		if t == nil || t.parent != nil {
			v.add(ip, "refers to %q, which is not a top-level question on this worksheet", id)
			ok = false
			continue
		}
		ilo, ihi, numeric := t.item.scoreRange()
		if !isNumericType(t.item.Type) || !numeric {
			v.add(ip, "refers to %q, which is not scorable (use likert, slider, or number with min and max)", id)
			ok = false
			continue
		}
		lo += ilo
		hi += ihi
	}
	if ok && s.Method == "mean" {
		lo /= float64(len(s.Items))
		hi /= float64(len(s.Items))
	}
	return lo, hi, ok
}

func (v *validator) bands(p string, s *Scale, lo, hi float64, rangeOK bool) {
	if len(s.Bands) > maxBands {
		v.add(p+".bands", "has too many bands (at most %d)", maxBands)
		return
	}
	prev := math.Inf(-1)
	for i, b := range s.Bands {
		bp := fmt.Sprintf("%s.bands[%d]", p, i)
		v.text(bp+".label", b.Label, maxTitleLen, true)
		v.text(bp+".meaning", b.Meaning, maxMessageLen, false)
		last := i == len(s.Bands)-1
		switch {
		case last && b.Max != nil:
			v.add(bp+".max", "must be left out on the last band, which takes every higher score")
		case !last && b.Max == nil:
			v.add(bp+".max", "is required (only the last band has no max)")
		case !last && !finite(*b.Max):
			v.add(bp+".max", "must be a finite number")
		case !last && *b.Max <= prev:
			v.add(bp+".max", "must be more than the max of the band before (%s)", FormatNumber(prev))
		case !last:
			prev = *b.Max
			if !rangeOK {
				break
			}
			if i == 0 && *b.Max < lo {
				v.add(bp+".max", "is below the lowest possible score (%s), so no score falls in this band", FormatNumber(lo))
			}
			if i == len(s.Bands)-2 && *b.Max >= hi {
				v.add(bp+".max", "reaches the highest possible score (%s), so no score falls in the last band", FormatNumber(hi))
			}
		}
	}
}

func (v *validator) flags() {
	if len(v.d.Flags) > maxFlags {
		v.add("flags", "has too many flags (at most %d)", maxFlags)
		return
	}
	seen := map[string]int{}
	for i := range v.d.Flags {
		f := &v.d.Flags[i]
		p := fmt.Sprintf("flags[%d]", i)
		v.uniqueID(p, "flags", f.ID, i, seen)
		v.condition(p+".when", &f.When, nil, 1)
		if f.Severity != SeverityLow && f.Severity != SeverityMedium && f.Severity != SeverityHigh {
			v.add(p+".severity", "must be low, medium or high")
		}
		v.text(p+".message", f.Message, maxMessageLen, true)
		v.text(p+".client_message", f.ClientMessage, maxClientMessageLen, false)
		if f.ClientMessage != "" && (f.Severity == SeverityLow || f.Severity == SeverityHigh) {
			v.add(p+".client_message", "is shown to the client only for a medium flag (a high flag shows the crisis contacts); remove it or make the flag medium")
		}
	}
}

// uniqueID checks the id of list[i] (a scale or a flag): present, well
// formed and not used by an earlier entry of the same list.
func (v *validator) uniqueID(p, list, id string, i int, seen map[string]int) {
	switch {
	case id == "":
		v.add(p+".id", "must not be empty")
	case !idRe.MatchString(id):
		v.add(p+".id", "must start with a lowercase letter and use only lowercase letters, digits and _ (at most 64)")
	default:
		if j, dup := seen[id]; dup {
			v.add(p+".id", "is already used by %s[%d]", list, j)
		}
		seen[id] = i
	}
}
