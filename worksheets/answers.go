package worksheets

import (
	"fmt"
	"sort"
	"unicode/utf8"
)

// maxFieldErrors caps the error list so hostile answers cannot make it huge.
const maxFieldErrors = 100

// answerChecker validates one set of answers against a definition.
type answerChecker struct {
	d    *Definition
	mode Mode
	errs []FieldError
}

func (ac *answerChecker) fail(item, msg string) {
	if len(ac.errs) < maxFieldErrors {
		ac.errs = append(ac.errs, FieldError{Item: item, Message: msg})
	} else if len(ac.errs) == maxFieldErrors {
		ac.errs = append(ac.errs, FieldError{Message: "there are more problems; fix these first"})
	}
}

// ValidateAnswers checks answers in a mode and returns a cleaned copy: unknown
// nothing, info items absent, hidden items' stale answers dropped in Submit mode.
//
// The copy holds only answers that passed, so on errors it is the valid part.
// Draft keeps every valid answer as sent, zero values and empty rows
// included. Submit also requires visible required items, drops answers of
// hidden items (and an Other text whose "other" is not chosen), drops repeat
// rows in which nothing is answered and checks min_rows. The input is never
// changed.
func (d *Definition) ValidateAnswers(a Answers, mode Mode) (Answers, []FieldError) {
	if d == nil {
		return Answers{}, []FieldError{{Message: "the worksheet is missing"}}
	}
	ac := &answerChecker{d: d, mode: mode}
	out := Answers{}
	known := map[string]bool{}
	for si := range d.Sections {
		for ii := range d.Sections[si].Items {
			it := &d.Sections[si].Items[ii]
			known[it.ID] = true
			if it.AllowOther {
				known[it.ID+OtherSuffix] = true
			}
			if it.Type == TypeInfo {
				if _, has := a[it.ID]; has {
					ac.fail(it.ID, "is information only and takes no answer")
				}
				continue
			}
			// Visibility looks at the cleaned answers so far: rules only
			// look at earlier items, and a hidden item's dropped answer
			// must hide what depends on it too.
			ac.one(it, it.ID, a, out, out, shows(it, out, nil), false)
		}
	}
	ac.unknown(a, known, "", "is not a question on this worksheet")
	return out, ac.errs
}

// unknown reports keys that name no item, in a stable order.
func (ac *answerChecker) unknown(src map[string]any, known map[string]bool, prefix, msg string) {
	var keys []string
	for k := range src {
		if !known[k] {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		ac.fail(prefix+clip(k, 64), msg)
	}
}

// clip shortens a key for an error; keys are ids, not answers, but a
// hostile client could send a huge one.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}

// one checks the answer to it (found in src under its id) and copies a
// clean version to dst. name is how errors call the item; top holds the
// cleaned top-level answers, for sub-item rules. Cells of a repeat row skip
// the required check here: it waits until the row is known to stay.
func (ac *answerChecker) one(it *Item, name string, src, dst map[string]any, top Answers, visible, cell bool) {
	keep := ac.mode == Draft || visible
	if raw, has := src[it.ID]; has && raw != nil {
		var clean any
		var ok bool
		if it.Type == TypeRepeat {
			clean, ok = ac.repeat(it, name, raw, top, visible)
		} else {
			clean, ok = ac.value(it, name, raw)
		}
		if ok && keep {
			dst[it.ID] = clean
		}
	}
	if !cell {
		ac.required(it, name, dst, visible)
	}
	if it.AllowOther {
		ac.other(it, name, src, dst, keep && (ac.mode == Draft || chosenOther(dst[it.ID])))
	}
}

// required checks, in Submit mode, that a visible required item has an
// answer in dst (the clean copy) and that a table has its min_rows.
func (ac *answerChecker) required(it *Item, name string, dst map[string]any, visible bool) {
	if ac.mode != Submit || !visible {
		return
	}
	switch {
	case it.Required && isEmpty(dst[it.ID]):
		ac.fail(name, requiredMessage(it))
	case it.Type == TypeRepeat && it.MinRows == 1 && rowCount(dst[it.ID]) < 1:
		ac.fail(name, "please add at least one row")
	case it.Type == TypeRepeat && it.MinRows > 1 && rowCount(dst[it.ID]) < it.MinRows:
		ac.fail(name, fmt.Sprintf("please add at least %d rows", it.MinRows))
	}
}

// shows is Definition.Visible without copying the item.
func shows(it *Item, a Answers, row map[string]any) bool {
	return it.ShowIf == nil || it.ShowIf.eval(a, row, 0)
}

func rowCount(v any) int {
	rows, _ := v.([]any)
	return len(rows)
}

// other checks the free text of an "Other" answer.
func (ac *answerChecker) other(it *Item, name string, src, dst map[string]any, keep bool) {
	raw, has := src[it.ID+OtherSuffix]
	if !has || raw == nil {
		return
	}
	s, ok := raw.(string)
	switch {
	case !ok:
		ac.fail(name+OtherSuffix, "must be text")
	case utf8.RuneCountInString(s) > DefaultTextLength:
		ac.fail(name+OtherSuffix, fmt.Sprintf("is too long (at most %d characters)", DefaultTextLength))
	case keep:
		dst[it.ID+OtherSuffix] = s
	}
}

func chosenOther(v any) bool {
	switch x := v.(type) {
	case string:
		return x == OtherValue
	case []any:
		for _, e := range x {
			if e == OtherValue {
				return true
			}
		}
	}
	return false
}

func requiredMessage(it *Item) string {
	switch it.Type {
	case TypeChoice, TypeLikert, TypeYesNo:
		return "please choose an answer"
	case TypeMultiChoice:
		return "please choose at least one option"
	case TypeRepeat:
		return "please add at least one row"
	case TypeSlider:
		return "please set the slider"
	}
	return "please answer this question"
}

// repeat checks a table's rows; it returns the clean rows, re-numbered when
// Submit drops empty ones.
func (ac *answerChecker) repeat(it *Item, name string, raw any, top Answers, visible bool) (any, bool) {
	var rows []any
	switch x := raw.(type) {
	case []any:
		rows = x
	case []map[string]any:
		rows = make([]any, len(x))
		for i := range x {
			rows[i] = x[i]
		}
	default:
		ac.fail(name, "must be a list of rows")
		return nil, false
	}
	if len(rows) > it.RowLimit() {
		ac.fail(name, fmt.Sprintf("has too many rows (at most %d)", it.RowLimit()))
		return nil, false
	}
	known := map[string]bool{}
	for _, sub := range it.Items {
		known[sub.ID] = true
		if sub.AllowOther {
			known[sub.ID+OtherSuffix] = true
		}
	}
	out := make([]any, 0, len(rows))
	for i, r := range rows {
		rowName := fmt.Sprintf("%s[%d]", name, i)
		row, ok := r.(map[string]any)
		if a, isAnswers := r.(Answers); isAnswers {
			row, ok = a, true
		}
		if !ok {
			ac.fail(rowName, "must be a row of answers")
			continue
		}
		if ac.mode == Submit && emptyRow(row) {
			continue
		}
		clean := map[string]any{}
		for si := range it.Items {
			sub := &it.Items[si]
			if sub.Type == TypeInfo {
				if _, has := row[sub.ID]; has {
					ac.fail(rowName+"."+sub.ID, "is information only and takes no answer")
				}
				continue
			}
			ac.one(sub, rowName+"."+sub.ID, row, clean, top, visible && shows(sub, top, clean), true)
		}
		ac.unknown(row, known, rowName+".", "is not a question in this table")
		if ac.mode == Submit && emptyRow(clean) {
			continue // only hidden cells were filled in: the row looked empty
		}
		for si := range it.Items {
			if sub := &it.Items[si]; sub.Type != TypeInfo {
				ac.required(sub, rowName+"."+sub.ID, clean, visible && shows(sub, top, clean))
			}
		}
		out = append(out, clean)
	}
	// A row keeps the sub-answers that passed, so one bad cell does not
	// throw away the rest of the table.
	return out, true
}

// emptyRow reports whether nothing in a row is answered. Unknown keys with
// a value count as something, so they are reported rather than dropped.
func emptyRow(row map[string]any) bool {
	for _, v := range row {
		if !isEmpty(v) {
			return false
		}
	}
	return true
}
