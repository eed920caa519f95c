package views

import (
	"encoding/json"
	"html/template"
	"math"
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// fillRowPlaceholder stands for the row number in the <template> row that
// the form script clones; it renumbers names and ids when it inserts the row.
const fillRowPlaceholder = "__ROW__"

// FillSection is one section of the form.
type FillSection struct {
	Title, Intro string
	Items        []*FillItem
}

// FillItem is one question as the form renders it: names, ids, current
// value and messages, all worked out here so the template stays plain.
type FillItem struct {
	ID, Type, Prompt, Help string
	Required               bool
	Name                   string // form field name ("memory", "people[0].initials")
	HTMLID                 string // id of the input; a group's fieldset
	Anchor                 string // where the error summary links to
	Value                  string // text, long_text, number, date, slider
	Options                []FillOption
	AllowOther             bool
	OtherName, OtherID     string
	OtherValue             string
	Min, Max, Step         string
	MinLabel, MaxLabel     string
	Ticks                  []string // slider tick values (datalist), when few
	SliderSet              bool     // the slider holds an answer
	// SliderChoices is the slider as a drop-down for pages without
	// JavaScript, where a range input would always post its position and so
	// record an answer the client never gave. Empty for very long ranges,
	// which then get a number box.
	SliderChoices []FillOption
	MaxLength     int
	Error         string
	ShowIf        string    // the show_if condition as JSON, for the form script
	ShowIfNote    string    // the same condition in words, for pages without JS
	CrisisHelp    *FillHelp // crisis help next to a question a high flag reads
	// repeat only
	Rows     []*FillRow
	Template *FillRow // the empty row the form script clones
	MaxRows  int
	CanAdd   bool
}

// FillOption is one radio button or checkbox.
type FillOption struct {
	Value, Label, ID string
	Checked          bool
	// Hole is empty on a page; while the form is pre-rendered it marks
	// where the input's "checked" goes (handlers/fill fills it in).
	Hole template.HTMLAttr
}

// FillRow is one row of a repeat table.
type FillRow struct {
	Number      string // 1-based, or fillRowPlaceholder in the template
	Label       string // the repeat's row label: the row is titled "Label Number"
	Marker      string // name of the hidden "_row" field
	HTMLID      string
	Items       []*FillItem
	RemoveValue string // value of its remove button: "remove:<repeat>:<n>"
}

// DescribedBy lists the ids that describe an item's input.
func (it *FillItem) DescribedBy() string {
	var ids []string
	if it.ShowIfNote != "" {
		ids = append(ids, it.HTMLID+"-cond")
	}
	if it.Help != "" {
		ids = append(ids, it.HTMLID+"-help")
	}
	if it.Error != "" {
		ids = append(ids, it.HTMLID+"-error")
	}
	return strings.Join(ids, " ")
}

// fillBuilder turns a definition, answers and field errors into sections.
type fillBuilder struct {
	def  *worksheets.Definition
	errs map[string]string // by item key ("id", "rid[2].sub")
}

// FillSections builds the client form of def with answers ans and field
// errors errs (by item key). A page built for a version many times builds
// its FillForm once instead.
func FillSections(def *worksheets.Definition, ans worksheets.Answers, errs map[string]string) []FillSection {
	return NewFillForm(def).Sections(ans, errs)
}

// item builds one item named name (its form name and error key) with html
// id hid; row holds the sibling sub-items when it sits in a repeat row.
func (b *fillBuilder) item(it *worksheets.Item, name, hid string, ans map[string]any, row []worksheets.Item) *FillItem {
	return b.answered(b.blank(it, name, hid, row), it, ans)
}

// blank builds what an item is before any answer or error: everything
// that follows from the definition alone.
func (b *fillBuilder) blank(it *worksheets.Item, name, hid string, row []worksheets.Item) *FillItem {
	fi := &FillItem{ID: it.ID, Type: it.Type, Prompt: it.Prompt, Help: it.Help, Required: it.Required,
		Name: name, HTMLID: hid, Anchor: hid, MaxLength: it.TextLimit()}
	if it.ShowIf != nil {
		if js, err := json.Marshal(it.ShowIf); err == nil {
			fi.ShowIf = string(js)
		}
		if w := it.ShowIf.Words(b.def, worksheets.ClientVoice, row); w != "" {
			fi.ShowIfNote = "Answer this " + w
		}
	}
	switch it.Type {
	case worksheets.TypeNumber:
		fi.Min, fi.Max, fi.Step = fillOptNum(it.Min), fillOptNum(it.Max), "any"
		if it.Step != nil {
			fi.Step = worksheets.FormatNumber(*it.Step)
		}
	case worksheets.TypeSlider:
		b.slider(fi, it)
	case worksheets.TypeYesNo:
		fi.Options = []FillOption{{Value: "yes", Label: "Yes"}, {Value: "no", Label: "No"}}
	case worksheets.TypeChoice, worksheets.TypeLikert, worksheets.TypeMultiChoice:
		fi.Options = fillOptions(it)
		fi.MinLabel, fi.MaxLabel = it.MinLabel, it.MaxLabel
	case worksheets.TypeRepeat:
		fi.MaxRows = it.RowLimit()
		fi.Anchor = fi.HTMLID + "-add"
		fi.Template = b.row(it, fillRowPlaceholder, nil)
	}
	for i := range fi.Options {
		fi.Options[i].ID = hid + "-" + strconv.Itoa(i)
	}
	if len(fi.Options) > 0 {
		fi.Anchor = fi.Options[0].ID
	}
	if it.AllowOther {
		fi.AllowOther, fi.OtherName, fi.OtherID = true, name+worksheets.OtherSuffix, hid+"-other"
	}
	return fi
}

// answered is a copy of blank item fi (never changed: it may be a
// FillForm's) with the answers in ans and the builder's errors: values,
// ticks, a table's rows and messages. Slices it changes are copied first.
func (b *fillBuilder) answered(blank *FillItem, it *worksheets.Item, ans map[string]any) *FillItem {
	fi := new(FillItem)
	*fi = *blank
	fi.Error = FillSentence("This answer", b.errs[fi.Name])
	if other := b.errs[fi.Name+worksheets.OtherSuffix]; other != "" && fi.Error == "" {
		fi.Error = FillSentence("The text for “Other”", other)
	}
	v := ans[it.ID]
	switch it.Type {
	case worksheets.TypeText, worksheets.TypeLongText, worksheets.TypeDate:
		fi.Value, _ = v.(string)
	case worksheets.TypeNumber:
		fi.Value = fillNumText(v)
	case worksheets.TypeSlider:
		if f, ok := v.(float64); ok {
			fi.Value, fi.SliderSet = worksheets.FormatNumber(f), true
			fi.SliderChoices = tick(fi.SliderChoices, func(o FillOption) bool { return o.Value == fi.Value })
		}
	case worksheets.TypeYesNo:
		if yes, ok := v.(bool); ok {
			fi.Options = tick(fi.Options, func(o FillOption) bool { return (o.Value == "yes") == yes })
		}
	case worksheets.TypeChoice, worksheets.TypeLikert, worksheets.TypeMultiChoice:
		if chosen := fillChosen(v); len(chosen) > 0 {
			fi.Options = tick(fi.Options, func(o FillOption) bool { return chosen[o.Value] })
		}
	case worksheets.TypeRepeat:
		rows, _ := v.([]any)
		fi.CanAdd = len(rows) < fi.MaxRows
		for n, r := range rows {
			cells, _ := r.(map[string]any)
			fi.Rows = append(fi.Rows, b.row(it, strconv.Itoa(n), cells))
		}
	}
	if it.AllowOther {
		fi.OtherValue, _ = ans[it.ID+worksheets.OtherSuffix].(string)
	}
	return fi
}

// tick copies opts with Checked set where on says.
func tick(opts []FillOption, on func(FillOption) bool) []FillOption {
	out := make([]FillOption, len(opts))
	for i, o := range opts {
		o.Checked = on(o)
		out[i] = o
	}
	return out
}

// fillChosen is the set of option values (as form text) answer v holds
// (nil for none).
func fillChosen(v any) map[string]bool {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		chosen := make(map[string]bool, len(x))
		for _, e := range x {
			chosen[fillValueText(e)] = true
		}
		return chosen
	default:
		return map[string]bool{fillValueText(x): true}
	}
}

// fillOptions lists an item's options (and "Other" when allowed), none
// ticked.
func fillOptions(it *worksheets.Item) []FillOption {
	out := make([]FillOption, 0, len(it.Options)+1)
	for _, o := range it.Options {
		out = append(out, FillOption{Value: fillValueText(o.Value), Label: o.Label})
	}
	if it.AllowOther && !fillHasOther(it) {
		out = append(out, FillOption{Value: worksheets.OtherValue, Label: "Other"})
	}
	return out
}

// fillHasOther reports whether "other" is already one of the item's options.
func fillHasOther(it *worksheets.Item) bool {
	for _, o := range it.Options {
		if fillValueText(o.Value) == worksheets.OtherValue {
			return true
		}
	}
	return false
}

// slider sets a slider's range, its starting value and its choices, none
// ticked. An unanswered slider starts in the middle; the form script keeps
// it out of the answers until it is moved.
func (b *fillBuilder) slider(fi *FillItem, it *worksheets.Item) {
	lo, hi, step := 0.0, 10.0, worksheets.DefaultSliderStep
	if it.Min != nil {
		lo = *it.Min
	}
	if it.Max != nil {
		hi = *it.Max
	}
	if it.Step != nil && *it.Step > 0 {
		step = *it.Step
	}
	fi.Min, fi.Max, fi.Step = worksheets.FormatNumber(lo), worksheets.FormatNumber(hi), worksheets.FormatNumber(step)
	fi.MinLabel, fi.MaxLabel = it.MinLabel, it.MaxLabel
	fi.Value = worksheets.FormatNumber(lo + math.Round((hi-lo)/2/step)*step)
	n := (hi - lo) / step
	if n <= 20 {
		for i := 0; i <= int(n); i++ {
			fi.Ticks = append(fi.Ticks, worksheets.FormatNumber(lo+float64(i)*step))
		}
	}
	if n <= 200 {
		for i := 0; i <= int(n); i++ {
			val := worksheets.FormatNumber(lo + float64(i)*step)
			label := val
			switch {
			case i == 0 && it.MinLabel != "":
				label += " — " + it.MinLabel
			case i == int(n) && it.MaxLabel != "":
				label += " — " + it.MaxLabel
			}
			fi.SliderChoices = append(fi.SliderChoices, FillOption{Value: val, Label: label})
		}
	}
}

// row builds a table's row n (numbered densely from 0, or
// fillRowPlaceholder for the template the form script clones).
func (b *fillBuilder) row(it *worksheets.Item, n string, cells map[string]any) *FillRow {
	prefix := it.ID + "[" + n + "]."
	hid := "q-" + it.ID + "-" + n
	number := n
	if k, err := strconv.Atoi(n); err == nil {
		number = strconv.Itoa(k + 1)
	}
	r := &FillRow{Number: number, Label: it.RowLabelOr(), Marker: prefix + worksheets.RowMarker, HTMLID: hid + "-row",
		RemoveValue: "remove:" + it.ID + ":" + n}
	for i := range it.Items {
		sub := &it.Items[i]
		r.Items = append(r.Items, b.item(sub, prefix+sub.ID, hid+"-"+sub.ID, cells, it.Items))
	}
	return r
}

// FillSentence turns an engine message into a sentence a client reads next
// to the question: "please choose an answer" → "Please choose an answer.",
// "is too long (…)" → "This answer is too long (…).".
func FillSentence(subject, msg string) string {
	if msg == "" {
		return ""
	}
	for _, verb := range []string{"is ", "must ", "has ", "lists ", "cannot "} {
		if strings.HasPrefix(msg, verb) {
			msg = subject + " " + msg
			break
		}
	}
	msg = strings.ToUpper(msg[:1]) + msg[1:]
	if !strings.HasSuffix(msg, ".") {
		msg += "."
	}
	return msg
}

// fillValueText is an option or answer value as form text: numbers without a
// trailing ".0", strings as they are.
func fillValueText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case float64:
		return worksheets.FormatNumber(x)
	case int:
		return strconv.Itoa(x)
	case bool:
		if x {
			return "yes"
		}
		return "no"
	}
	return ""
}

func fillNumText(v any) string {
	if f, ok := v.(float64); ok {
		return worksheets.FormatNumber(f)
	}
	return ""
}

func fillOptNum(p *float64) string {
	if p == nil {
		return ""
	}
	return worksheets.FormatNumber(*p)
}
