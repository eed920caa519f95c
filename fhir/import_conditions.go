package fhir

import (
	"fmt"
	"strconv"

	"github.com/tend-health/tend/worksheets"
)

// conditions sets every item's show_if, once all items are known: from
// Tend's item extension when present (it says exactly what enableWhen could
// not), else from enableWhen. An enableWhenExpression alone cannot be read:
// the item is then always shown, and the report says so.
func (imp *importer) conditions(d *worksheets.Definition) {
	items := map[string]worksheets.Item{}
	for _, s := range d.Sections {
		for _, it := range s.Items {
			items[it.ID] = it
			for _, sub := range it.Items {
				items[sub.ID] = sub
			}
		}
	}
	set := func(it *worksheets.Item) {
		pc, ok := imp.conds[it.ID]
		if !ok {
			return
		}
		if tend := find(pc.src.Extension, ExtItem); tend != nil {
			if e := find(tend.Extension, "showIf"); e != nil {
				c := conditionFrom(*e)
				it.ShowIf = &c
				return
			}
		}
		if len(pc.src.EnableWhen) == 0 {
			imp.note(pc.ptr, "is shown only when a FHIRPath expression holds, which Tend cannot read, so it is always shown")
			return
		}
		for i, ew := range pc.src.EnableWhen {
			id, known := imp.ids[ew.Question]
			if _, isItem := items[id]; !known || !isItem {
				imp.fail(fmt.Sprintf("%s/enableWhen/%d/question", pc.ptr, i), "names %q, which is not a question here", ew.Question)
				return
			}
			pc.src.EnableWhen[i].Question = id
		}
		behavior := pc.src.EnableBehavior
		if len(pc.src.EnableWhen) > 1 && behavior == "" {
			imp.note(pc.ptr+"/enableBehavior", "is missing, so every condition must hold (all)")
			behavior = "all"
		}
		c, err := conditionFromEnableWhen(pc.src.EnableWhen, behavior, items)
		if err != nil {
			imp.fail(pc.ptr+"/enableWhen/"+err.Error(), "has no answer Tend can compare with")
			return
		}
		it.ShowIf = &c
	}
	for si := range d.Sections {
		for ii := range d.Sections[si].Items {
			it := &d.Sections[si].Items[ii]
			set(it)
			for k := range it.Items {
				set(&it.Items[k])
			}
		}
	}
}

// indexError names the enableWhen entry that could not be read.
type indexError int

func (e indexError) Error() string { return strconv.Itoa(int(e)) }

// conditionFromEnableWhen reads enableWhen (questions already item ids) as
// a condition: one rule, or an all / any group of rules.
func conditionFromEnableWhen(ews []EnableWhen, behavior string, items map[string]worksheets.Item) (worksheets.Condition, error) {
	var rules []worksheets.Condition
	for i, ew := range ews {
		c := worksheets.Condition{Item: ew.Question, Op: ew.Operator}
		switch {
		case ew.AnswerBoolean != nil:
			c.Value = *ew.AnswerBoolean
		case ew.AnswerDecimal != nil:
			c.Value = *ew.AnswerDecimal
		case ew.AnswerInteger != nil:
			c.Value = float64(*ew.AnswerInteger)
		case ew.AnswerDate != nil:
			c.Value = *ew.AnswerDate
		case ew.AnswerString != nil:
			c.Value = *ew.AnswerString
		case ew.AnswerCoding != nil:
			c.Value = ew.AnswerCoding.Code
			if it := items[ew.Question]; it.Type == worksheets.TypeLikert {
				f, err := strconv.ParseFloat(ew.AnswerCoding.Code, 64)
				if err != nil {
					return c, indexError(i)
				}
				c.Value = f
			}
		default:
			return c, indexError(i)
		}
		rules = append(rules, c)
	}
	switch {
	case len(rules) == 1:
		return rules[0], nil
	case behavior == "any":
		return worksheets.Condition{Any: rules}, nil
	}
	return worksheets.Condition{All: rules}, nil
}
