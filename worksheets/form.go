package worksheets

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
)

// RowMarker is the sub-field name that marks a repeat row as present even
// when nothing in it is filled in: "<repeat_id>[<n>]._row" = "1".
const RowMarker = "_row"

// maxFormRow caps the row number n in "<repeat_id>[<n>].<sub_id>".
const maxFormRow = 1000

// RowField names a repeat sub-item's form field: RowField("episodes", 2,
// "age") is "episodes[2].age". Use RowMarker as sub for the row marker.
func RowField(repeatID string, row int, sub string) string {
	return repeatID + "[" + strconv.Itoa(row) + "]." + sub
}

// AnswersFromForm turns an HTML form post into Answers (see form naming in
// the package docs); values that cannot be parsed come back as FieldErrors.
func (d *Definition) AnswersFromForm(form map[string][]string) (Answers, []FieldError) {
	out := Answers{}
	if d == nil {
		return out, nil
	}
	var errs []FieldError
	rows := formRows(d, form, &errs)
	for si := range d.Sections {
		for ii := range d.Sections[si].Items {
			it := &d.Sections[si].Items[ii]
			switch it.Type {
			case TypeInfo:
			case TypeRepeat:
				if r := rows[it.ID]; r != nil {
					out[it.ID] = repeatFromForm(it, r, form, &errs)
				}
			default:
				fromForm(it, it.ID, form, it.ID, out, &errs)
			}
		}
	}
	return out, errs
}

// fromForm reads one item's value (and Other text) from fields named
// prefix+id into dst[id].
func fromForm(it *Item, name string, form map[string][]string, key string, dst map[string]any, errs *[]FieldError) {
	v, ok, msg := formValue(it, form[key])
	switch {
	case msg != "":
		*errs = append(*errs, FieldError{Item: name, Message: msg})
	case ok:
		dst[it.ID] = v
	}
	if it.AllowOther {
		if s := last(form[key+OtherSuffix]); s != "" {
			dst[it.ID+OtherSuffix] = oneNewline(s)
		}
	}
}

// last is the last value sent for a name, so a hidden "no" placed before a
// "yes" checkbox of the same name gives "yes" when the box is ticked.
func last(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[len(vals)-1]
}

// oneNewline turns the CRLF line ends browsers send into LF, so a textarea's
// maxlength and our character count agree.
func oneNewline(s string) string { return strings.ReplaceAll(s, "\r\n", "\n") }

// formValue converts the values sent for an item; ok is false when the item
// is unanswered; msg is set when a value cannot be read.
func formValue(it *Item, vals []string) (v any, ok bool, msg string) {
	if it.Type == TypeMultiChoice {
		var list []any
		for _, s := range vals {
			if s != "" {
				list = append(list, s)
			}
		}
		return list, len(list) > 0, ""
	}
	s := last(vals)
	switch it.Type {
	case TypeText, TypeLongText:
		return oneNewline(s), s != "", ""
	case TypeChoice:
		return s, s != "", ""
	case TypeDate:
		s = strings.TrimSpace(s)
		return s, s != "", ""
	case TypeYesNo:
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "":
			return nil, false, ""
		case "yes", "true":
			return true, true, ""
		case "no", "false":
			return false, true, ""
		}
		return nil, false, "must be yes or no"
	case TypeNumber, TypeLikert, TypeSlider:
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, false, ""
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, false, "must be a number"
		}
		return f, true, ""
	}
	return nil, false, ""
}

// formRows gathers "<rid>[<n>].<field>" fields by repeat id and row number.
func formRows(d *Definition, form map[string][]string, errs *[]FieldError) map[string]map[int]bool {
	repeats := map[string]bool{}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.Type == TypeRepeat {
				repeats[it.ID] = true
			}
		}
	}
	rows := map[string]map[int]bool{}
	tooMany := map[string]bool{}
	for k := range form {
		rid, n, _, ok := splitRowField(k)
		if !ok || !repeats[rid] {
			continue
		}
		if n < 0 {
			tooMany[rid] = true
			continue
		}
		if rows[rid] == nil {
			rows[rid] = map[int]bool{}
		}
		rows[rid][n] = true
	}
	var bad []string
	for rid := range tooMany {
		bad = append(bad, rid)
	}
	sort.Strings(bad)
	for _, rid := range bad {
		*errs = append(*errs, FieldError{Item: rid, Message: fmt.Sprintf("has too many rows (row numbers must be below %d)", maxFormRow)})
	}
	return rows
}

// splitRowField splits "rid[n].field"; n is -1 when it is too big.
func splitRowField(k string) (rid string, n int, field string, ok bool) {
	open := strings.IndexByte(k, '[')
	if open <= 0 {
		return "", 0, "", false
	}
	end := strings.Index(k[open:], "].")
	if end < 2 {
		return "", 0, "", false
	}
	digits := k[open+1 : open+end]
	for _, c := range digits {
		if c < '0' || c > '9' {
			return "", 0, "", false
		}
	}
	n = -1
	if len(digits) <= 4 {
		if v, _ := strconv.Atoi(digits); v < maxFormRow {
			n = v
		}
	}
	return k[:open], n, k[open+end+2:], true
}

// repeatFromForm builds a table's rows in row-number order, numbered
// densely from 0; a row with nothing filled in stays as an empty object.
func repeatFromForm(it *Item, present map[int]bool, form map[string][]string, errs *[]FieldError) []any {
	ns := make([]int, 0, len(present))
	for n := range present {
		ns = append(ns, n)
	}
	sort.Ints(ns)
	out := make([]any, 0, len(ns))
	for dense, n := range ns {
		row := map[string]any{}
		for si := range it.Items {
			s := &it.Items[si]
			if s.Type == TypeInfo {
				continue
			}
			fromForm(s, RowField(it.ID, dense, s.ID), form, RowField(it.ID, n, s.ID), row, errs)
		}
		out = append(out, row)
	}
	return out
}
