package worksheets

import (
	"encoding/json"
	"math"
	"strconv"
	"strings"
)

// Defaults applied when a definition leaves a limit out.
const (
	// DefaultTextLength is the longest answer a text item takes without max_length.
	DefaultTextLength = 1000
	// DefaultLongTextLength is the longest answer a long_text item takes without max_length.
	DefaultLongTextLength = 20000
	// DefaultMaxRows is a repeat table's row limit when max_rows is left out.
	DefaultMaxRows = 50
	// DefaultSliderStep is a slider's step when step is left out.
	DefaultSliderStep = 1.0
)

// ItemByID finds a top-level item, or a repeat's sub-item as "repeat_id.sub_id".
func (d *Definition) ItemByID(id string) (Item, bool) {
	if it := d.find(id); it != nil {
		return *it, true
	}
	return Item{}, false
}

// find is ItemByID without the copy, for hot paths.
func (d *Definition) find(id string) *Item {
	if d == nil {
		return nil
	}
	top, sub, nested := strings.Cut(id, ".")
	for si := range d.Sections {
		items := d.Sections[si].Items
		for i := range items {
			it := &items[i]
			if it.ID != top {
				continue
			}
			if !nested {
				return it
			}
			if it.Type != TypeRepeat {
				return nil
			}
			for j := range it.Items {
				if it.Items[j].ID == sub {
					return &it.Items[j]
				}
			}
			return nil
		}
	}
	return nil
}

// ItemCount counts answerable items (not info; a repeat counts as one).
func (d *Definition) ItemCount() int {
	if d == nil {
		return 0
	}
	n := 0
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.Type != TypeInfo {
				n++
			}
		}
	}
	return n
}

// OptionLabel returns the label of a stored option value ("" if none matches).
// Numbers compare by value, so 2 and 2.0 find the same likert point. For an
// item with allow_other, OtherValue that is not itself an option gives "Other".
func (it Item) OptionLabel(v any) string {
	for _, o := range it.Options {
		if sameValue(o.Value, v) {
			return o.Label
		}
	}
	if it.AllowOther {
		if s, ok := v.(string); ok && s == OtherValue {
			return "Other"
		}
	}
	return ""
}

// TextLimit is the most characters a text or long_text answer may hold:
// max_length when set, else DefaultTextLength or DefaultLongTextLength. It is
// 0 for other item types.
func (it Item) TextLimit() int {
	switch {
	case it.Type != TypeText && it.Type != TypeLongText:
		return 0
	case it.MaxLength > 0:
		return it.MaxLength
	case it.Type == TypeLongText:
		return DefaultLongTextLength
	default:
		return DefaultTextLength
	}
}

// RowTitle titles row n (1-based) of a repeat: "Memory 2" from its
// row_label, or "Row 2" without one. Every surface titles rows with it.
func (it Item) RowTitle(n int) string {
	return it.RowLabelOr() + " " + strconv.Itoa(n)
}

// RowLabelOr is the repeat's row_label, or "Row".
func (it Item) RowLabelOr() string {
	if it.RowLabel == "" {
		return "Row"
	}
	return it.RowLabel
}

// RowLimit is the most rows a repeat item takes: max_rows, or DefaultMaxRows
// when it is left out. It is 0 for other item types.
func (it Item) RowLimit() int {
	switch {
	case it.Type != TypeRepeat:
		return 0
	case it.MaxRows > 0:
		return it.MaxRows
	default:
		return DefaultMaxRows
	}
}

// stepOf is the grid an answer must sit on, or 0 for none.
func (it Item) stepOf() float64 {
	switch {
	case it.Step != nil:
		return *it.Step
	case it.Type == TypeSlider:
		return DefaultSliderStep
	default:
		return 0
	}
}

// scoreRange is the lowest and highest answer a scorable item can hold.
func (it Item) scoreRange() (lo, hi float64, ok bool) {
	switch it.Type {
	case TypeLikert:
		for _, o := range it.Options {
			f, isNum := toFloat(o.Value)
			if !isNum || !finite(f) {
				continue
			}
			if !ok || f < lo {
				lo = f
			}
			if !ok || f > hi {
				hi = f
			}
			ok = true
		}
		return lo, hi, ok
	case TypeSlider, TypeNumber:
		if it.Min == nil || it.Max == nil || !finite(*it.Min) || !finite(*it.Max) {
			return 0, 0, false
		}
		return *it.Min, *it.Max, true
	}
	return 0, 0, false
}

func isNumericType(t string) bool {
	return t == TypeNumber || t == TypeLikert || t == TypeSlider
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// Number reads any Go number (or json.Number) as float64, so definitions
// and answers built in Go code (with ints) behave like decoded JSON.
func Number(v any) (float64, bool) { return toFloat(v) }

// toFloat is Number, kept short for the engine's own use.
func toFloat(v any) (float64, bool) {
	switch n := v.(type) {
	case float64:
		return n, true
	case float32:
		return float64(n), true
	case int:
		return float64(n), true
	case int8:
		return float64(n), true
	case int16:
		return float64(n), true
	case int32:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint:
		return float64(n), true
	case uint8:
		return float64(n), true
	case uint16:
		return float64(n), true
	case uint32:
		return float64(n), true
	case uint64:
		return float64(n), true
	case json.Number:
		f, err := n.Float64()
		return f, err == nil
	}
	return 0, false
}

// normValue turns any Go number into float64 and leaves other values alone.
func normValue(v any) any {
	if _, isStr := v.(string); isStr {
		return v
	}
	if f, ok := toFloat(v); ok {
		return f
	}
	return v
}

// sameValue compares two option or answer values: numbers by value,
// strings and bools exactly.
func sameValue(a, b any) bool {
	if fa, ok := toFloat(a); ok {
		fb, ok := toFloat(b)
		return ok && fa == fb
	}
	switch x := a.(type) {
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	}
	return false
}

// isEmpty reports whether an answer counts as unanswered: missing, null, a
// blank string or an empty list. 0 and false are answers.
func isEmpty(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return strings.TrimSpace(x) == ""
	case []any:
		return len(x) == 0
	case []string:
		return len(x) == 0
	case []map[string]any:
		return len(x) == 0
	}
	return false
}

// ChoiceWords is what a person reads for a stored choice, multi_choice or
// likert value: the option's label; for the "other" value of an
// allow_other item, "Other: " and the client's own words (or just
// "Other"); otherwise the raw value as text.
func (it Item) ChoiceWords(v any, otherText string) string {
	if s, ok := v.(string); ok && it.AllowOther && s == OtherValue {
		if t := strings.TrimSpace(otherText); t != "" {
			return "Other: " + t
		}
		return "Other"
	}
	if l := it.OptionLabel(v); l != "" {
		return l
	}
	if s, ok := v.(string); ok {
		return s
	}
	if f, ok := toFloat(v); ok {
		return FormatNumber(f)
	}
	return ""
}
