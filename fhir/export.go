package fhir

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"unicode"

	"github.com/tend-health/tend/worksheets"
)

// CanonicalURL is the Questionnaire.url of a worksheet key under base (the
// server's public URL): stable across versions, with Questionnaire.version
// telling the versions apart.
func CanonicalURL(base, key string) string {
	return strings.TrimRight(base, "/") + "/fhir/Questionnaire/" + key
}

// sectionID names the group of section i (0-based): "section-1". Item ids
// cannot hold "-", so it never meets one.
func sectionID(i int) string { return "section-" + strconv.Itoa(i+1) }

// ToQuestionnaire maps a worksheet definition to a FHIR R4 Questionnaire
// whose url is CanonicalURL(base, d.Key).
func ToQuestionnaire(d *worksheets.Definition, base string) *Questionnaire {
	q := &Questionnaire{ResourceType: "Questionnaire", ID: d.Key, URL: CanonicalURL(base, d.Key),
		Version: strconv.Itoa(d.Version), Name: computerName(d.Key), Title: d.Title, Status: "active",
		Description: d.Description}
	if e := worksheetExt(d); e != nil {
		q.Extension = []Extension{*e}
	}
	types := itemTypes(d)
	for si, s := range d.Sections {
		g := Item{LinkID: sectionID(si), Text: s.Title, Type: "group"}
		if s.Intro != "" {
			g.Item = append(g.Item, Item{LinkID: g.LinkID + "-intro", Text: s.Intro, Type: "display"})
		}
		for _, it := range s.Items {
			g.Item = append(g.Item, toItem(it, types))
		}
		q.Item = append(q.Item, g)
	}
	return q
}

// itemTypes maps every item id to its FHIR item type.
func itemTypes(d *worksheets.Definition) map[string]worksheets.Item {
	out := map[string]worksheets.Item{}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			out[it.ID] = it
			for _, sub := range it.Items {
				out[sub.ID] = sub
			}
		}
	}
	return out
}

// ItemType is the FHIR item type a worksheet item maps to.
func ItemType(it worksheets.Item) string {
	switch it.Type {
	case worksheets.TypeInfo:
		return "display"
	case worksheets.TypeText:
		return "string"
	case worksheets.TypeLongText:
		return "text"
	case worksheets.TypeDate:
		return "date"
	case worksheets.TypeYesNo:
		return "boolean"
	case worksheets.TypeChoice, worksheets.TypeMultiChoice:
		if it.AllowOther {
			return "open-choice"
		}
		return "choice"
	case worksheets.TypeLikert:
		return "choice"
	case worksheets.TypeRepeat:
		return "group"
	case worksheets.TypeNumber, worksheets.TypeSlider:
		if wholeNumbers(it) {
			return "integer"
		}
	}
	return "decimal"
}

// wholeNumbers reports whether a number or slider only takes whole numbers:
// a whole step from a whole (or no) minimum.
func wholeNumbers(it worksheets.Item) bool {
	whole := func(f *float64) bool { return f == nil || (*f == math.Trunc(*f) && math.Abs(*f) < 1<<31) }
	return it.Step != nil && whole(it.Step) && whole(it.Min) && whole(it.Max)
}

func toItem(it worksheets.Item, types map[string]worksheets.Item) Item {
	out := Item{LinkID: it.ID, Text: it.Prompt, Type: ItemType(it), Required: it.Required, MaxLength: it.MaxLength}
	var tend []Extension
	switch it.Type {
	case worksheets.TypeMultiChoice:
		out.Repeats = true
	case worksheets.TypeRepeat:
		out.Repeats = true
		if it.MinRows != 0 {
			out.Extension = append(out.Extension, intExt(extMinOccurs, it.MinRows))
		}
		if it.MaxRows != 0 {
			out.Extension = append(out.Extension, intExt(extMaxOccurs, it.MaxRows))
		}
		if it.RowLabel != "" {
			tend = append(tend, strExt("rowLabel", it.RowLabel))
		}
	case worksheets.TypeSlider:
		out.Extension = append(out.Extension, itemControl("slider"))
	}
	if it.Type == worksheets.TypeNumber || it.Type == worksheets.TypeSlider {
		for _, b := range []struct {
			url string
			v   *float64
		}{{extMinValue, it.Min}, {extMaxValue, it.Max}} {
			if b.v != nil {
				out.Extension = append(out.Extension, numExt(b.url, *b.v, out.Type))
			}
		}
		if it.Step != nil {
			if it.Type == worksheets.TypeSlider && out.Type == "integer" {
				out.Extension = append(out.Extension, intExt(extSliderStep, int(*it.Step)))
			} else {
				tend = append(tend, decExt("step", *it.Step))
			}
		}
	}
	for _, o := range it.Options {
		out.AnswerOption = append(out.AnswerOption, answerOption(it, o))
	}
	if it.ShowIf != nil {
		ew, behavior, expr, exact := enableWhen(*it.ShowIf, types)
		out.EnableWhen, out.EnableBehavior = ew, behavior
		if expr != "" {
			out.Extension = append(out.Extension, Extension{URL: extEnableWhenExp,
				ValueExpression: &Expression{Language: "text/fhirpath", Expression: expr}})
		}
		if !exact {
			tend = append(tend, conditionExt("showIf", *it.ShowIf))
		}
	}
	if len(tend) > 0 {
		out.Extension = append(out.Extension, Extension{URL: ExtItem, Extension: tend})
	}
	if it.Help != "" {
		out.Item = append(out.Item, Item{LinkID: it.ID + "-help", Text: it.Help, Type: "display",
			Extension: []Extension{itemControl("help")}})
	}
	for _, l := range []struct{ code, text string }{{"lower", it.MinLabel}, {"upper", it.MaxLabel}} {
		if l.text != "" {
			out.Item = append(out.Item, Item{LinkID: it.ID + "-" + l.code, Text: l.text, Type: "display",
				Extension: []Extension{itemControl(l.code)}})
		}
	}
	for _, sub := range it.Items {
		out.Item = append(out.Item, toItem(sub, types))
	}
	return out
}

func numExt(url string, v float64, typ string) Extension {
	if typ == "integer" {
		return intExt(url, int(v))
	}
	return decExt(url, v)
}

// answerOption writes one option: a coding (code = the stored value), or a
// string when the value is not a valid FHIR code; likert options carry
// their score as ordinalValue.
func answerOption(it worksheets.Item, o worksheets.Option) AnswerOption {
	if f, ok := o.Value.(float64); ok {
		return AnswerOption{ValueCoding: &Coding{Code: worksheets.FormatNumber(f), Display: o.Label},
			Extension: []Extension{decExt(extOrdinalValue, f)}}
	}
	s, _ := o.Value.(string)
	if !isCode(s) {
		return AnswerOption{ValueString: &s, Extension: []Extension{strExt(ExtOptionLabel, o.Label)}}
	}
	return AnswerOption{ValueCoding: &Coding{Code: s, Display: o.Label}}
}

var codeRe = regexp.MustCompile(`^[^\s]+( [^\s]+)*$`)

func isCode(s string) bool { return codeRe.MatchString(s) }

// computerName makes Questionnaire.name from a key: "self-reliance" →
// "SelfReliance".
func computerName(key string) string {
	var b strings.Builder
	up := true
	for _, r := range key {
		if r == '-' {
			up = true
			continue
		}
		if up {
			r = unicode.ToUpper(r)
			up = false
		}
		b.WriteRune(r)
	}
	s := b.String()
	if s == "" || !unicode.IsLetter(rune(s[0])) {
		s = "W" + s
	}
	return s
}
