package fhir

import (
	"fmt"
	"regexp"
	"strconv"
	"unicode/utf8"
)

// ValidateResponse checks a QuestionnaireResponse against its
// Questionnaire, as a FHIR validator would: the canonical matches, every
// linkId is an item at that place, each answer has the item's type (a
// listed option for choice items), one answer unless the item repeats,
// maxLength and min/max values hold, no item is answered while its
// enableWhen does not hold (FHIR R4 operator meanings), and, once
// completed, every enabled required item is answered. Items enabled by an
// enableWhenExpression alone are not judged (FHIRPath is not evaluated).
// Paths are JSON pointers into the response.
func ValidateResponse(q *Questionnaire, qr *QuestionnaireResponse) []Issue {
	v := &responseCheck{qr: qr}
	if qr.ResourceType != "QuestionnaireResponse" {
		v.add("/resourceType", "must be QuestionnaireResponse")
	}
	switch qr.Status {
	case "in-progress", "completed", "amended", "entered-in-error", "stopped":
	default:
		v.add("/status", "is not a QuestionnaireResponse status")
	}
	if want := q.URL + "|" + q.Version; qr.Questionnaire != want {
		v.add("/questionnaire", fmt.Sprintf("must be %s", want))
	}
	v.items(q.Item, qr.Item, "/item", nil)
	return v.issues
}

type responseCheck struct {
	qr     *QuestionnaireResponse
	issues []Issue
}

func (v *responseCheck) add(p, msg string) { v.issues = append(v.issues, Issue{p, msg}) }

// items checks the response items got (at p) against the definitions
// defs; row is the repeat row they sit in (for enableWhen on siblings).
func (v *responseCheck) items(defs []Item, got []ResponseItem, p string, row []ResponseItem) {
	byLink := map[string]*Item{}
	for i := range defs {
		byLink[defs[i].LinkID] = &defs[i]
	}
	seen := map[string]int{}
	for i, g := range got {
		gp := p + "/" + strconv.Itoa(i)
		def := byLink[g.LinkID]
		if def == nil {
			v.add(gp+"/linkId", fmt.Sprintf("%q is not an item here in the questionnaire", g.LinkID))
			continue
		}
		seen[g.LinkID]++
		if seen[g.LinkID] > 1 && !(def.Type == "group" && def.Repeats) {
			v.add(gp, "repeats an item that does not repeat")
		}
		switch def.Type {
		case "display":
			v.add(gp, "answers a display item")
		case "group":
			if len(g.Answer) > 0 {
				v.add(gp+"/answer", "a group takes no answer")
			}
			v.items(def.Item, g.Item, gp+"/item", g.Item)
		default:
			if len(g.Answer) > 1 && !def.Repeats {
				v.add(gp+"/answer", "has more than one answer to an item that does not repeat")
			}
			for j, a := range g.Answer {
				v.answer(def, a, fmt.Sprintf("%s/answer/%d", gp, j))
			}
		}
	}
	scope := row
	if scope == nil {
		scope = got
	}
	for i := range defs {
		def := &defs[i]
		if def.Type == "display" || (len(def.EnableWhen) == 0 && find(def.Extension, extEnableWhenExp) != nil) {
			continue
		}
		on := v.enabled(def, scope)
		switch {
		case !on && seen[def.LinkID] > 0:
			v.add(p, fmt.Sprintf("answers %q, whose enableWhen does not hold", def.LinkID))
		case on && def.Required && v.qr.Status == "completed" && seen[def.LinkID] == 0:
			v.add(p, fmt.Sprintf("misses %q, which is required", def.LinkID))
		}
	}
}

var dateRe = regexp.MustCompile(`^\d{4}(-\d{2}(-\d{2})?)?$`)

func (v *responseCheck) answer(def *Item, a Answer, p string) {
	set := 0
	for _, b := range []bool{a.ValueBoolean != nil, a.ValueDecimal != nil, a.ValueInteger != nil,
		a.ValueDate != nil, a.ValueString != nil, a.ValueCoding != nil} {
		if b {
			set++
		}
	}
	if set != 1 {
		v.add(p, "must hold exactly one value")
		return
	}
	want := map[string]bool{
		"string": a.ValueString != nil, "text": a.ValueString != nil, "url": a.ValueString != nil,
		"boolean": a.ValueBoolean != nil, "decimal": a.ValueDecimal != nil, "integer": a.ValueInteger != nil,
		"date":   a.ValueDate != nil && dateRe.MatchString(*a.ValueDate),
		"choice": a.ValueCoding != nil || a.ValueString != nil, "open-choice": true,
	}
	if !want[def.Type] {
		v.add(p, fmt.Sprintf("is not a %s answer", def.Type))
		return
	}
	if a.ValueString != nil && def.MaxLength > 0 && utf8.RuneCountInString(*a.ValueString) > def.MaxLength {
		v.add(p+"/valueString", "is longer than maxLength")
	}
	if f, ok := (&Extension{ValueDecimal: a.ValueDecimal, ValueInteger: a.ValueInteger}).number(); ok {
		if lo, ok := find(def.Extension, extMinValue).number(); ok && f < lo {
			v.add(p, "is below minValue")
		}
		if hi, ok := find(def.Extension, extMaxValue).number(); ok && f > hi {
			v.add(p, "is above maxValue")
		}
	}
	if def.Type == "choice" || (def.Type == "open-choice" && a.ValueCoding != nil) {
		if !listed(def, a) {
			v.add(p, "is not one of the item's answerOption")
		}
	}
}

func listed(def *Item, a Answer) bool {
	for _, o := range def.AnswerOption {
		switch {
		case a.ValueCoding != nil && o.ValueCoding != nil && o.ValueCoding.Code == a.ValueCoding.Code:
			return true
		case a.ValueString != nil && o.ValueString != nil && *o.ValueString == *a.ValueString:
			return true
		}
	}
	return false
}
