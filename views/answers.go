package views

import (
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// The review page lays answers out like the worksheet: section by section,
// each visible item with its prompt and the answer in words (option labels,
// not codes), repeat items as tables. Items hidden by their show_if are
// left out; visible items without an answer say "not answered". Every
// string here is plain text: the template escapes it.

// AnswerSection is one worksheet section of the review layout.
type AnswerSection struct {
	Title string
	Items []AnswerItem
}

// AnswerItem is one visible item and its answer in words.
type AnswerItem struct {
	ID, Prompt  string
	Text        string   // the answer in words (scalar items)
	List        []string // multi_choice labels
	Long        bool     // keep the line breaks of long text
	Ends        string   // a likert's or slider's scale ends
	NotAnswered bool
	Table       *AnswerTable
}

// AnswerTable is a repeat item's rows as a table.
type AnswerTable struct {
	Headers []string
	Rows    [][]string
}

// AnswerSections builds the review layout of answers a on definition d.
func AnswerSections(d *worksheets.Definition, a worksheets.Answers) []AnswerSection {
	if d == nil {
		return nil
	}
	var out []AnswerSection
	for _, s := range d.Sections {
		sec := AnswerSection{Title: s.Title}
		prevEnds := ""
		for _, it := range s.Items {
			if it.Type == worksheets.TypeInfo || !d.Visible(it, a, nil) {
				continue
			}
			ai := AnswerOf(d, it, a)
			// A run of items on the same scale says its ends once.
			ends := ai.Ends
			if ends == prevEnds {
				ai.Ends = ""
			}
			prevEnds = ends
			sec.Items = append(sec.Items, ai)
		}
		if len(sec.Items) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

// AnswerOf is item it of definition d with its answer from a in words.
func AnswerOf(d *worksheets.Definition, it worksheets.Item, a worksheets.Answers) AnswerItem {
	ai := AnswerItem{ID: it.ID, Prompt: it.Prompt, Ends: answerEnds(it)}
	v, ok := a[it.ID]
	if it.Type == worksheets.TypeRepeat {
		rows, _ := v.([]any)
		if len(rows) == 0 {
			ai.NotAnswered = true
			return ai
		}
		ai.Table = repeatTable(d, it, a, rows)
		return ai
	}
	if !ok || v == nil {
		// An "Other" with only its text still counts as an answer.
		if other, _ := a[it.ID+worksheets.OtherSuffix].(string); it.AllowOther && other != "" {
			ai.Text = "Other: " + other
			return ai
		}
		ai.NotAnswered = true
		return ai
	}
	if it.Type == worksheets.TypeMultiChoice {
		list, _ := v.([]any)
		for _, x := range list {
			ai.List = append(ai.List, answerChoice(it, x, a, nil))
		}
		ai.NotAnswered = len(ai.List) == 0
		return ai
	}
	ai.Text = answerText(it, v, a, nil)
	ai.Long = it.Type == worksheets.TypeLongText
	ai.NotAnswered = ai.Text == ""
	return ai
}

// repeatTable lays the rows out under the sub-items' prompts; a cell
// hidden by its condition shows a dash, an unanswered one stays empty.
func repeatTable(d *worksheets.Definition, it worksheets.Item, a worksheets.Answers, rows []any) *AnswerTable {
	t := &AnswerTable{}
	var subs []worksheets.Item
	for _, s := range it.Items {
		if s.Type != worksheets.TypeInfo {
			subs = append(subs, s)
			t.Headers = append(t.Headers, s.Prompt)
		}
	}
	for _, r := range rows {
		row, _ := r.(map[string]any)
		cells := make([]string, 0, len(subs))
		for _, s := range subs {
			switch {
			case !d.Visible(s, a, row):
				cells = append(cells, "—")
			case s.Type == worksheets.TypeMultiChoice:
				list, _ := row[s.ID].([]any)
				var labels []string
				for _, x := range list {
					labels = append(labels, answerChoice(s, x, a, row))
				}
				cells = append(cells, strings.Join(labels, "; "))
			default:
				cells = append(cells, answerText(s, row[s.ID], a, row))
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// answerText is one answer in words; "" when unanswered.
func answerText(it worksheets.Item, v any, a worksheets.Answers, row map[string]any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case float64:
		switch it.Type {
		case worksheets.TypeLikert:
			if l := it.OptionLabel(x); l != "" {
				return l + " (" + Num(x) + ")"
			}
		case worksheets.TypeSlider:
			if it.Max != nil {
				return Num(x) + " of " + Num(*it.Max)
			}
		}
		return Num(x)
	case string:
		switch it.Type {
		case worksheets.TypeChoice:
			return answerChoice(it, x, a, row)
		case worksheets.TypeDate:
			if t, err := time.Parse("2006-01-02", x); err == nil {
				return t.Format("Monday 2 January 2006")
			}
		}
		return x
	}
	return ""
}

// answerChoice is an option's label, with the client's own words for
// "Other" (from the repeat row when the item sits in one).
func answerChoice(it worksheets.Item, v any, a worksheets.Answers, row map[string]any) string {
	src := map[string]any(a)
	if row != nil {
		src = row
	}
	other, _ := src[it.ID+worksheets.OtherSuffix].(string)
	return it.ChoiceWords(v, other)
}

// answerEnds describes a likert's or slider's range: "0 Not at all … 4 Very much".
func answerEnds(it worksheets.Item) string {
	switch it.Type {
	case worksheets.TypeLikert:
		if n := len(it.Options); n > 1 {
			first, last := it.Options[0], it.Options[n-1]
			return answerOptText(first) + " … " + answerOptText(last)
		}
	case worksheets.TypeSlider:
		if it.Min != nil && it.Max != nil {
			lo, hi := Num(*it.Min), Num(*it.Max)
			if it.MinLabel != "" {
				lo += " " + it.MinLabel
			}
			if it.MaxLabel != "" {
				hi += " " + it.MaxLabel
			}
			return lo + " … " + hi
		}
	}
	return ""
}

func answerOptText(o worksheets.Option) string {
	if f, ok := o.Value.(float64); ok {
		return Num(f) + " " + o.Label
	}
	return o.Label
}
