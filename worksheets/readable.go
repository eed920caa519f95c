package worksheets

import (
	"sort"
	"strings"
)

// NotAnswered is what every surface shows for a visible question that has
// no answer.
const NotAnswered = "Not answered"

// DoesNotApply is a repeat cell whose sub-item's show_if does not hold in
// that row.
const DoesNotApply = "—"

// ReadableSection is one worksheet section's answers in words.
type ReadableSection struct {
	Title string
	Items []ReadableItem
}

// ReadableItem is one visible question and its answer in words. Exactly one
// of Text, List or Table carries the answer unless Missing is set.
type ReadableItem struct {
	ID     string
	Type   string
	Prompt string
	// Missing: the question showed but has no answer (say NotAnswered).
	Missing bool
	// Text is a single answer in words; Long keeps its line breaks.
	Text string
	Long bool
	// List is a multi_choice answer, one entry per option chosen.
	List []string
	// Table is a repeat item's rows.
	Table *ReadableTable
	// Scale is a likert's or slider's ends, "0 = Never … 4 = Always". It is
	// empty when the item before it in the section said the same, so a run
	// of items on one scale says its ends once.
	Scale string
}

// ReadableTable is a repeat item's rows under its sub-items' prompts;
// Rows[r][c] lines up with Columns[c].
type ReadableTable struct {
	Columns []string
	Types   []string // each column's item type
	Scales  []string // "Prompt: 0 = none … 10 = a lot" for likert and slider columns
	Rows    [][]ReadableCell
	// RowTitles titles each row ("Memory 1", from the repeat's row_label).
	RowTitles []string
}

// ReadableCell is one answer in a repeat row.
type ReadableCell struct {
	Text    string // the answer in words; DoesNotApply when Hidden
	Missing bool   // the cell shows but was left empty
	Hidden  bool   // the sub-item's show_if does not hold in this row
}

// Lines is the answer as lines of text: the List, or the Text alone.
func (ri ReadableItem) Lines() []string {
	if ri.List != nil {
		return ri.List
	}
	if ri.Text == "" {
		return nil
	}
	return []string{ri.Text}
}

// Readable lays answers a out like worksheet d: section by section, each
// visible question (info blocks and items hidden by show_if left out) with
// its answer in words. It is the one wording of answers: the review page,
// the client's copy and the PDF all render from it. Without a definition
// every stored answer is listed by its id, so nothing written is lost.
func Readable(d *Definition, a Answers) []ReadableSection {
	if d == nil {
		return readableRaw(a)
	}
	var out []ReadableSection
	for _, s := range d.Sections {
		sec := ReadableSection{Title: s.Title}
		prev := ""
		for _, it := range s.Items {
			if it.Type == TypeInfo || !d.Visible(it, a, nil) {
				continue
			}
			ri := readableItem(d, it, a)
			if ri.Scale == prev {
				ri.Scale = ""
			} else {
				prev = ri.Scale
			}
			sec.Items = append(sec.Items, ri)
		}
		if len(sec.Items) > 0 {
			out = append(out, sec)
		}
	}
	return out
}

func readableItem(d *Definition, it Item, a Answers) ReadableItem {
	ri := ReadableItem{ID: it.ID, Type: it.Type, Prompt: it.Prompt, Scale: ScaleEnds(it)}
	if ri.Prompt == "" {
		ri.Prompt = it.ID
	}
	v := a[it.ID]
	rows, isRows := v.([]any)
	switch {
	case it.Type == TypeRepeat && isRows:
		if len(rows) == 0 {
			ri.Missing = true
			return ri
		}
		ri.Table = readableTable(d, it, a, rows)
	case it.Type == TypeMultiChoice && !isScalar(v):
		ri.List = choiceList(it, v, a)
		ri.Missing = len(ri.List) == 0
	case it.Type == TypeRepeat:
		// Not rows: an answer stored in an unexpected shape is still shown.
		ri.Text = ValueWords(v, false)
		ri.Missing = ri.Text == ""
	default:
		ri.Text = AnswerWords(it, v, a)
		ri.Long = it.Type == TypeLongText
		ri.Missing = ri.Text == ""
	}
	return ri
}

func readableTable(d *Definition, it Item, a Answers, rows []any) *ReadableTable {
	t := &ReadableTable{}
	var subs []Item
	for _, s := range it.Items {
		if s.Type == TypeInfo {
			continue
		}
		subs = append(subs, s)
		t.Columns = append(t.Columns, s.Prompt)
		t.Types = append(t.Types, s.Type)
		if ends := ScaleEnds(s); ends != "" {
			t.Scales = append(t.Scales, s.Prompt+": "+ends)
		}
	}
	for n, r := range rows {
		t.RowTitles = append(t.RowTitles, it.RowTitle(n+1))
		row, _ := r.(map[string]any)
		cells := make([]ReadableCell, len(subs))
		for i, s := range subs {
			switch {
			case !d.Visible(s, a, row):
				cells[i] = ReadableCell{Text: DoesNotApply, Hidden: true}
			case s.Type == TypeMultiChoice:
				text := strings.Join(choiceList(s, row[s.ID], row), "; ")
				cells[i] = ReadableCell{Text: text, Missing: text == ""}
			default:
				text := AnswerWords(s, row[s.ID], row)
				cells[i] = ReadableCell{Text: text, Missing: text == ""}
			}
		}
		t.Rows = append(t.Rows, cells)
	}
	return t
}

// isScalar: a single value where a list was expected (a multi_choice
// stored as one string is shown as that choice, never dropped).
func isScalar(v any) bool {
	switch v.(type) {
	case []any, []string, nil:
		return false
	}
	return true
}

// choiceList says each ticked option of a multi_choice; src holds the
// "Other" text (the top-level answers, or the repeat row).
func choiceList(it Item, v any, src map[string]any) []string {
	other, _ := src[it.ID+OtherSuffix].(string)
	var list []string
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			list = append(list, it.ChoiceWords(e, other))
		}
	case []string:
		for _, e := range x {
			list = append(list, it.ChoiceWords(e, other))
		}
	}
	return list
}

// AnswerWords says one stored single-valued answer of item it in words; ""
// when unanswered. src holds it (the answers, or a repeat row) and so the
// free text of an "Other" choice. An answer of an unexpected type is shown
// as plain text, never dropped.
func AnswerWords(it Item, v any, src map[string]any) string {
	other, _ := src[it.ID+OtherSuffix].(string)
	if isEmpty(v) {
		// An "Other" with only its text still counts as an answer.
		if it.Type == TypeChoice && it.AllowOther && strings.TrimSpace(other) != "" {
			return it.ChoiceWords(OtherValue, other)
		}
		return ""
	}
	switch it.Type {
	case TypeChoice, TypeMultiChoice:
		return it.ChoiceWords(v, other)
	case TypeLikert:
		if f, ok := toFloat(v); ok {
			if l := it.OptionLabel(v); l != "" {
				return l + " (" + FormatNumber(f) + ")"
			}
		}
	case TypeSlider:
		if f, ok := toFloat(v); ok && it.Max != nil {
			if it.Min != nil && *it.Min < 0 {
				return FormatNumber(f) + " (from " + FormatNumber(*it.Min) + " to " + FormatNumber(*it.Max) + ")"
			}
			return FormatNumber(f) + " out of " + FormatNumber(*it.Max)
		}
	}
	return ValueWords(v, it.Type == TypeDate)
}

// ScaleEnds says a likert's or slider's range, "0 = Never … 4 = Always"
// ("0 … 10" without labels); "" for other items.
func ScaleEnds(it Item) string {
	end := func(v any, label string) string {
		s := ValueWords(v, false)
		if label != "" {
			s += " = " + label
		}
		return s
	}
	switch it.Type {
	case TypeLikert:
		if n := len(it.Options); n > 1 {
			return end(it.Options[0].Value, it.Options[0].Label) + " … " + end(it.Options[n-1].Value, it.Options[n-1].Label)
		}
	case TypeSlider:
		if it.Min != nil && it.Max != nil {
			return end(*it.Min, it.MinLabel) + " … " + end(*it.Max, it.MaxLabel)
		}
	}
	return ""
}

// readableRaw lists every stored answer by its id, for a missing definition.
func readableRaw(a Answers) []ReadableSection {
	if len(a) == 0 {
		return nil
	}
	keys := make([]string, 0, len(a))
	for k := range a {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	sec := ReadableSection{Title: "Answers"}
	for _, k := range keys {
		text := ValueWords(a[k], false)
		sec.Items = append(sec.Items, ReadableItem{ID: k, Prompt: k, Text: text, Missing: text == "", Long: true})
	}
	return []ReadableSection{sec}
}
