package reports

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// answerView is one item's answer, ready to draw. Exactly one of Text, List
// or Table is used unless Missing is set. Strings are not yet sanitised.
type answerView struct {
	Missing bool
	Text    string
	List    []string
	Table   *tableView
}

// tableView is a repeat item's rows; Cells[row][col] lines up with Columns.
type tableView struct {
	Columns []string
	Kinds   []string // sub-item types, used for column widths
	Legend  []string // scale ends of likert and slider columns
	Cells   [][]cellView
}

type cellView struct {
	Text   string
	Hidden bool // the sub-item's show_if does not hold in this row
}

// formatAnswer turns a stored answer into display text. It never fails:
// a value of an unexpected type is shown as plain text.
func formatAnswer(def *worksheets.Definition, it worksheets.Item, a worksheets.Answers) answerView {
	v, ok := a[it.ID]
	if !ok || isEmpty(v) {
		return answerView{Missing: true}
	}
	switch it.Type {
	case worksheets.TypeMultiChoice:
		vals, ok := v.([]any)
		if !ok {
			if ss, ok2 := v.([]string); ok2 {
				for _, s := range ss {
					vals = append(vals, s)
				}
			} else {
				return answerView{Text: plain(v)}
			}
		}
		var list []string
		for _, x := range vals {
			list = append(list, choiceText(it, x, a[it.ID+worksheets.OtherSuffix]))
		}
		return answerView{List: list}
	case worksheets.TypeRepeat:
		rows, ok := v.([]any)
		if !ok {
			return answerView{Text: plain(v)}
		}
		return answerView{Table: buildTable(def, it, a, rows)}
	}
	return answerView{Text: scalarText(it, v, a[it.ID+worksheets.OtherSuffix])}
}

// scalarText formats every single-valued item type; other is the free text
// stored next to an "Other" choice.
func scalarText(it worksheets.Item, v any, other any) string {
	switch it.Type {
	case worksheets.TypeChoice:
		return choiceText(it, v, other)
	case worksheets.TypeYesNo:
		if b, ok := v.(bool); ok {
			if b {
				return "Yes"
			}
			return "No"
		}
	case worksheets.TypeDate:
		if s, ok := v.(string); ok {
			if t, err := time.Parse("2006-01-02", s); err == nil {
				return shortDate(t)
			}
		}
	case worksheets.TypeLikert:
		n, ok := toFloat(v)
		if !ok {
			break
		}
		s := num(n)
		if l := optionLabel(it, v); l != "" {
			s += " — " + l
		}
		if len(it.Options) > 1 {
			lo, hi := it.Options[0], it.Options[len(it.Options)-1]
			s += fmt.Sprintf(" (scale %s %s … %s %s)", plain(lo.Value), lo.Label, plain(hi.Value), hi.Label)
		}
		return s
	case worksheets.TypeSlider:
		n, ok := toFloat(v)
		if !ok {
			break
		}
		return num(n) + sliderEnds(it)
	}
	return plain(v)
}

func sliderEnds(it worksheets.Item) string {
	if it.Min == nil || it.Max == nil {
		return ""
	}
	end := func(v float64, label string) string {
		if label == "" {
			return num(v)
		}
		return num(v) + " = " + label
	}
	return " (" + end(*it.Min, it.MinLabel) + " … " + end(*it.Max, it.MaxLabel) + ")"
}

// choiceText shows an option by its label, "Other: <text>" for the other
// value of an allow_other item, and the raw value when no label matches.
func choiceText(it worksheets.Item, v any, other any) string { return it.ChoiceWords(v, plain(other)) }

// optionLabel is the engine's label for a stored option value ("" when
// none matches; callers then show the raw value).
func optionLabel(it worksheets.Item, v any) string { return it.OptionLabel(v) }

func buildTable(def *worksheets.Definition, it worksheets.Item, a worksheets.Answers, rows []any) *tableView {
	t := &tableView{}
	var subs []worksheets.Item
	for _, sub := range it.Items {
		if sub.Type == worksheets.TypeInfo {
			continue
		}
		subs = append(subs, sub)
		t.Columns = append(t.Columns, sub.Prompt)
		if l := scaleLegend(sub); l != "" {
			t.Legend = append(t.Legend, l)
		}
		t.Kinds = append(t.Kinds, sub.Type)
	}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		cells := make([]cellView, len(subs))
		for i, sub := range subs {
			if def != nil && !def.Visible(sub, a, row) {
				cells[i] = cellView{Hidden: true}
				continue
			}
			v, ok := row[sub.ID]
			if !ok || isEmpty(v) {
				cells[i] = cellView{Text: "—"}
				continue
			}
			if sub.Type == worksheets.TypeMultiChoice {
				var parts []string
				if vals, ok := v.([]any); ok {
					for _, x := range vals {
						parts = append(parts, choiceText(sub, x, row[sub.ID+worksheets.OtherSuffix]))
					}
				}
				cells[i] = cellView{Text: strings.Join(parts, ", ")}
				continue
			}
			cells[i] = cellView{Text: cellText(sub, v, row[sub.ID+worksheets.OtherSuffix])}
		}
		t.Cells = append(t.Cells, cells)
	}
	return t
}

// scaleLegend is "How strong: 0 = none … 100 = overwhelming" for likert
// and slider columns, printed once above the table so cells stay short.
func scaleLegend(sub worksheets.Item) string {
	switch sub.Type {
	case worksheets.TypeLikert:
		if len(sub.Options) > 1 {
			lo, hi := sub.Options[0], sub.Options[len(sub.Options)-1]
			return sub.Prompt + ": " + plain(lo.Value) + " = " + lo.Label + " … " + plain(hi.Value) + " = " + hi.Label
		}
	case worksheets.TypeSlider:
		if ends := sliderEnds(sub); ends != "" {
			return sub.Prompt + ": " + strings.TrimSuffix(strings.TrimPrefix(ends, " ("), ")")
		}
	}
	return ""
}

func cellText(sub worksheets.Item, v any, other any) string {
	if n, ok := toFloat(v); ok && (sub.Type == worksheets.TypeLikert || sub.Type == worksheets.TypeSlider) {
		if l := optionLabel(sub, v); l != "" {
			return num(n) + " — " + l
		}
		return num(n)
	}
	return scalarText(sub, v, other)
}

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
	}
	return false
}

// toFloat reads a stored number whatever its Go type.
func toFloat(v any) (float64, bool) { return worksheets.Number(v) }

// plain is the fallback text of any stored value.
func plain(v any) string {
	if f, ok := toFloat(v); ok {
		return num(f)
	}
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, k+": "+plain(x[k]))
		}
		return strings.Join(parts, "; ")
	case []any:
		parts := make([]string, 0, len(x))
		for _, e := range x {
			parts = append(parts, plain(e))
		}
		return strings.Join(parts, ", ")
	}
	return fmt.Sprint(v)
}

func num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// shortDate is "20 Nov 2026"; dateTime adds the time of day.
func shortDate(t time.Time) string { return t.Format("2 Jan 2006") }
func dateTime(t time.Time) string  { return t.Format("2 Jan 2006, 15:04") }

// statusText turns "in_progress" into "In progress".
func statusText(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "_", " ")
	if s == "" {
		return ""
	}
	r := []rune(s)
	return strings.ToUpper(string(r[0])) + string(r[1:])
}
