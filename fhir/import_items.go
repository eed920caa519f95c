package fhir

import (
	"fmt"
	"strconv"

	"github.com/tend-health/tend/worksheets"
)

// sections turns top-level items into sections: a group that does not
// repeat is a section; other top-level items gather into a section of
// their own named after the questionnaire.
func (imp *importer) sections(d *worksheets.Definition, q *Questionnaire) {
	loose := false
	for i, top := range q.Item {
		p := "/item/" + strconv.Itoa(i)
		if top.Type == "group" && !top.Repeats {
			s := worksheets.Section{Title: top.Text}
			kids := top.Item
			if len(kids) > 0 && kids[0].Type == "display" && kids[0].LinkID == top.LinkID+"-intro" {
				s.Intro, kids = kids[0].Text, kids[1:]
			}
			d.Sections = append(d.Sections, s)
			imp.paths[fmt.Sprintf("sections[%d]", len(d.Sections)-1)] = p
			off := len(top.Item) - len(kids)
			for j, k := range kids {
				imp.sectionItem(d, k, fmt.Sprintf("%s/item/%d", p, j+off))
			}
			loose = false
			continue
		}
		if !loose {
			title := q.Title
			if title == "" {
				title = "Questions"
			}
			d.Sections = append(d.Sections, worksheets.Section{Title: title})
			imp.paths[fmt.Sprintf("sections[%d]", len(d.Sections)-1)] = p
			loose = true
		}
		imp.sectionItem(d, top, p)
	}
}

// sectionItem adds one item to the last section. A group that does not
// repeat cannot sit in a section: its heading becomes an info block and its
// items join the section.
func (imp *importer) sectionItem(d *worksheets.Definition, src Item, p string) {
	s := &d.Sections[len(d.Sections)-1]
	if src.Type == "group" && !src.Repeats {
		imp.note(p, "is a group inside a group: its heading is shown as text and its questions join the section")
		if src.Text != "" {
			s.Items = append(s.Items, worksheets.Item{ID: imp.ids[src.LinkID], Type: worksheets.TypeInfo, Prompt: src.Text})
			imp.paths[fmt.Sprintf("sections[%d].items[%d]", len(d.Sections)-1, len(s.Items)-1)] = p
		}
		for j, k := range src.Item {
			kp := fmt.Sprintf("%s/item/%d", p, j)
			if k.Type == "group" {
				imp.fail(kp, "is nested deeper than Tend can show (sections hold questions and tables; tables hold questions)")
				continue
			}
			imp.sectionItem(d, k, kp)
		}
		return
	}
	it, ok := imp.item(src, p, false)
	if !ok {
		return
	}
	s.Items = append(s.Items, it)
	ip := fmt.Sprintf("sections[%d].items[%d]", len(d.Sections)-1, len(s.Items)-1)
	imp.paths[ip] = p
	for k := range it.Items {
		imp.paths[fmt.Sprintf("%s.items[%d]", ip, k)] = fmt.Sprintf("%s/item/%d", p, imp.subIndex(src, it.Items[k].ID))
	}
}

func (imp *importer) subIndex(src Item, id string) int {
	for i, k := range src.Item {
		if imp.ids[k.LinkID] == id {
			return i
		}
	}
	return 0
}

// item maps one FHIR item; false when Tend leaves it out (reported).
func (imp *importer) item(src Item, p string, inRepeat bool) (worksheets.Item, bool) {
	it := worksheets.Item{ID: imp.ids[src.LinkID], Prompt: src.Text, Required: src.Required, MaxLength: src.MaxLength}
	tend := find(src.Extension, ExtItem)
	control := controlOf(src.Extension)
	switch src.Type {
	case "display":
		it.Type = worksheets.TypeInfo
	case "string":
		it.Type = worksheets.TypeText
	case "text":
		it.Type = worksheets.TypeLongText
	case "url", "time":
		it.Type = worksheets.TypeText
		imp.note(p+"/type", "%s is asked as plain text", src.Type)
	case "date", "dateTime":
		it.Type = worksheets.TypeDate
		if src.Type == "dateTime" {
			imp.note(p+"/type", "dateTime is asked as a date (no time of day)")
		}
	case "boolean":
		it.Type = worksheets.TypeYesNo
	case "integer", "decimal":
		it.Type = worksheets.TypeNumber
		if control == "slider" {
			it.Type = worksheets.TypeSlider
		}
		if f, ok := find(src.Extension, extMinValue).number(); ok {
			it.Min = &f
		}
		if f, ok := find(src.Extension, extMaxValue).number(); ok {
			it.Max = &f
		}
		if f, ok := find(src.Extension, extSliderStep).number(); ok {
			it.Step = &f
		}
		if tend != nil {
			if f, ok := find(tend.Extension, "step").number(); ok {
				it.Step = &f
			}
		}
	case "choice", "open-choice", "coding":
		if !imp.options(&it, src, p) {
			return it, false
		}
	case "group":
		if inRepeat {
			imp.fail(p, "is nested deeper than Tend can show (a table cannot hold a group)")
			return it, false
		}
		it.Type = worksheets.TypeRepeat
		if f, ok := find(src.Extension, extMinOccurs).number(); ok {
			it.MinRows = int(f)
		}
		if f, ok := find(src.Extension, extMaxOccurs).number(); ok {
			it.MaxRows = int(f)
		}
		if tend != nil {
			it.RowLabel = find(tend.Extension, "rowLabel").str()
		}
	default:
		imp.note(p+"/type", "Tend has no %s question, so this item is left out", src.Type)
		return it, false
	}
	if src.Repeats && src.Type != "group" && it.Type != worksheets.TypeMultiChoice {
		imp.note(p+"/repeats", "Tend takes one answer to this question")
	}
	for j, k := range src.Item {
		kp := fmt.Sprintf("%s/item/%d", p, j)
		switch {
		case k.Type == "display" && isControl(k):
			switch controlOf(k.Extension) {
			case "help":
				it.Help = k.Text
			case "lower":
				it.MinLabel = k.Text
			case "upper":
				it.MaxLabel = k.Text
			}
		case it.Type == worksheets.TypeRepeat:
			if sub, ok := imp.item(k, kp, true); ok {
				it.Items = append(it.Items, sub)
			}
		default:
			imp.note(kp, "sits under a question, which Tend cannot show, so it is left out")
		}
	}
	if len(src.EnableWhen) > 0 || (tend != nil && find(tend.Extension, "showIf") != nil) ||
		find(src.Extension, extEnableWhenExp) != nil {
		imp.conds[it.ID] = pendingCond{src, p}
	}
	return it, true
}

// options reads answerOption into choice, multi_choice or likert (every
// option a coding with an ordinalValue that equals its code).
func (imp *importer) options(it *worksheets.Item, src Item, p string) bool {
	if len(src.AnswerOption) == 0 {
		imp.note(p, "takes its options from a value set, which Tend cannot read, so this item is left out")
		return false
	}
	likert := !src.Repeats && src.Type != "open-choice"
	for _, o := range src.AnswerOption {
		f, ok := find(o.Extension, extOrdinalValue).number()
		if !ok || o.ValueCoding == nil || o.ValueCoding.Code != worksheets.FormatNumber(f) {
			likert = false
		}
	}
	it.Type = worksheets.TypeChoice
	if src.Repeats {
		it.Type = worksheets.TypeMultiChoice
	}
	it.AllowOther = src.Type == "open-choice"
	if likert {
		it.Type = worksheets.TypeLikert
	}
	for j, o := range src.AnswerOption {
		op := worksheets.Option{}
		switch {
		case likert:
			f, _ := find(o.Extension, extOrdinalValue).number()
			op.Value, op.Label = f, o.ValueCoding.Display
		case o.ValueCoding != nil:
			op.Value, op.Label = o.ValueCoding.Code, o.ValueCoding.Display
			if op.Label == "" {
				op.Label = o.ValueCoding.Code
			}
		case o.ValueString != nil:
			op.Value, op.Label = *o.ValueString, *o.ValueString
			if l := find(o.Extension, ExtOptionLabel).str(); l != "" {
				op.Label = l
			}
		case o.ValueInt != nil:
			op.Value, op.Label = strconv.Itoa(*o.ValueInt), strconv.Itoa(*o.ValueInt)
		default:
			imp.note(fmt.Sprintf("%s/answerOption/%d", p, j), "is not a coding, text or whole number, so it is left out")
			continue
		}
		it.Options = append(it.Options, op)
	}
	return true
}
