package fhir

import (
	"math"
	"reflect"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// enableWhen maps a show_if to FHIR: a list of enableWhen (with
// enableBehavior for a group of plain rules), or, when enableWhen cannot say
// it, an SDC enableWhenExpression in FHIRPath. exact reports whether reading
// the enableWhen back gives the same condition; when it does not, the caller
// also writes the condition in Tend's item extension.
func enableWhen(c worksheets.Condition, items map[string]worksheets.Item) (ew []EnableWhen, behavior, expr string, exact bool) {
	leaves := []worksheets.Condition{c}
	switch {
	case len(c.All) > 0:
		leaves, behavior = c.All, "all"
	case len(c.Any) > 0:
		leaves, behavior = c.Any, "any"
	}
	for _, l := range leaves {
		e, ok := leafEnableWhen(l, items)
		if !ok {
			return nil, "", fhirPath(c, items), false
		}
		ew = append(ew, e)
	}
	if len(ew) == 1 {
		behavior = ""
	}
	back, err := conditionFromEnableWhen(ew, behavior, items)
	return ew, behavior, "", err == nil && reflect.DeepEqual(back, c)
}

func leafEnableWhen(l worksheets.Condition, items map[string]worksheets.Item) (EnableWhen, bool) {
	it, known := items[l.Item]
	if !known || len(l.All) > 0 || len(l.Any) > 0 {
		return EnableWhen{}, false
	}
	e := EnableWhen{Question: l.Item, Operator: l.Op}
	if l.Op == "exists" {
		b, _ := l.Value.(bool)
		if l.Value == nil {
			b = true
		}
		e.AnswerBoolean = &b
		return e, true
	}
	ordered := l.Op != "=" && l.Op != "!="
	switch v := l.Value.(type) {
	case bool:
		e.AnswerBoolean = &v
	case string:
		switch typ := ItemType(it); {
		case typ == "date":
			e.AnswerDate = &v
		case it.Type == worksheets.TypeChoice || it.Type == worksheets.TypeMultiChoice:
			if v == worksheets.OtherValue || !isCode(v) || ordered {
				return e, false
			}
			e.AnswerCoding = &Coding{Code: v}
		default:
			e.AnswerString = &v
		}
	case float64:
		switch ItemType(it) {
		case "integer":
			if v != math.Trunc(v) || math.Abs(v) >= 1<<31 {
				return e, false
			}
			e.AnswerInteger = ptr(int(v))
		case "decimal":
			e.AnswerDecimal = &v
		default: // likert: its code is the number
			if ordered {
				return e, false
			}
			e.AnswerCoding = &Coding{Code: worksheets.FormatNumber(v)}
		}
	default:
		return e, false
	}
	return e, true
}

// fhirPath says a condition in FHIRPath over the response, with Tend's
// meaning: an unanswered item makes every operator false but exists.
func fhirPath(c worksheets.Condition, items map[string]worksheets.Item) string {
	var parts []string
	join := " and "
	list := c.All
	if len(c.Any) > 0 {
		list, join = c.Any, " or "
	}
	for _, sub := range list {
		parts = append(parts, "("+fhirPath(sub, items)+")")
	}
	if len(parts) > 0 {
		return strings.Join(parts, join)
	}
	answers := "%resource.repeat(item).where(linkId='" + c.Item + "').answer.value"
	it := items[c.Item]
	if it.Type == worksheets.TypeLikert {
		answers += ".weight()"
	} else if it.Type == worksheets.TypeChoice || it.Type == worksheets.TypeMultiChoice {
		answers = "(" + answers + ".code | " + answers + ".ofType(string))"
	}
	if c.Op == "exists" {
		if b, ok := c.Value.(bool); ok && !b {
			return answers + ".empty()"
		}
		return answers + ".exists()"
	}
	if it.AllowOther && c.Value == worksheets.OtherValue && (c.Op == "=" || c.Op == "!=") {
		// "Other" is answered as text (valueString), never as a code.
		text := "%resource.repeat(item).where(linkId='" + c.Item + "').answer.value.ofType(string)"
		if c.Op == "=" {
			return text + ".exists()"
		}
		return answers + ".exists() and " + text + ".empty()"
	}
	lit := pathLiteral(c.Value, it)
	if c.Op == "!=" {
		return answers + ".exists() and " + answers + ".where($this = " + lit + ").empty()"
	}
	return answers + ".where($this " + c.Op + " " + lit + ").exists()"
}

func pathLiteral(v any, it worksheets.Item) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "true"
		}
		return "false"
	case float64:
		return worksheets.FormatNumber(x)
	case string:
		if it.Type == worksheets.TypeDate {
			return "@" + x
		}
		return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(x) + "'"
	}
	return "{}"
}
