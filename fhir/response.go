package fhir

import (
	"math"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// ResponseInfo is what a QuestionnaireResponse says beyond the answers.
type ResponseInfo struct {
	ID        string    // the assignment id
	Base      string    // the server's public URL (see CanonicalURL)
	Submitted bool      // completed, else in-progress
	Authored  time.Time // when sent, or last saved
}

// ToResponse maps answers to a FHIR R4 QuestionnaireResponse of the
// Questionnaire ToQuestionnaire(d, info.Base) gives: one group per section
// with answers, each answer typed as the Questionnaire says, a repeat's
// rows as repeated groups, an "Other" answer as text. Unanswered items are
// left out.
func ToResponse(d *worksheets.Definition, a worksheets.Answers, info ResponseInfo) *QuestionnaireResponse {
	qr := &QuestionnaireResponse{ResourceType: "QuestionnaireResponse", ID: info.ID,
		Questionnaire: CanonicalURL(info.Base, d.Key) + "|" + formatInt(d.Version), Status: "in-progress"}
	if info.Submitted {
		qr.Status = "completed"
	}
	if !info.Authored.IsZero() {
		qr.Authored = info.Authored.UTC().Format(time.RFC3339)
	}
	for si, s := range d.Sections {
		g := ResponseItem{LinkID: sectionID(si), Text: s.Title}
		for _, it := range s.Items {
			g.Item = append(g.Item, responseItems(it, a[it.ID], a)...)
		}
		if len(g.Item) > 0 {
			qr.Item = append(qr.Item, g)
		}
	}
	return qr
}

// responseItems answers one item: nothing when unanswered, one entry per
// row for a repeat.
func responseItems(it worksheets.Item, v any, src map[string]any) []ResponseItem {
	if it.Type == worksheets.TypeRepeat {
		rows, _ := v.([]any)
		var out []ResponseItem
		for _, r := range rows {
			row, _ := r.(map[string]any)
			ri := ResponseItem{LinkID: it.ID, Text: it.Prompt}
			for _, sub := range it.Items {
				ri.Item = append(ri.Item, responseItems(sub, row[sub.ID], row)...)
			}
			if len(ri.Item) > 0 {
				out = append(out, ri)
			}
		}
		return out
	}
	answers := answerValues(it, v, src)
	if len(answers) == 0 {
		return nil
	}
	return []ResponseItem{{LinkID: it.ID, Text: it.Prompt, Answer: answers}}
}

func answerValues(it worksheets.Item, v any, src map[string]any) []Answer {
	switch x := v.(type) {
	case nil:
		return nil
	case []any:
		var out []Answer
		for _, e := range x {
			out = append(out, answerValues(it, e, src)...)
		}
		return out
	case bool:
		return []Answer{{ValueBoolean: &x}}
	case float64:
		if it.Type == worksheets.TypeLikert {
			return []Answer{{ValueCoding: &Coding{Code: worksheets.FormatNumber(x), Display: it.OptionLabel(x)}}}
		}
		if ItemType(it) == "integer" && x == math.Trunc(x) {
			return []Answer{{ValueInteger: ptr(int(x))}}
		}
		return []Answer{{ValueDecimal: &x}}
	case string:
		if x == "" {
			return nil
		}
		switch it.Type {
		case worksheets.TypeDate:
			return []Answer{{ValueDate: &x}}
		case worksheets.TypeChoice, worksheets.TypeMultiChoice:
			if it.AllowOther && x == worksheets.OtherValue {
				other, _ := src[it.ID+worksheets.OtherSuffix].(string)
				if other == "" {
					other = worksheets.OtherValue
				}
				return []Answer{{ValueString: &other}}
			}
			if !isCode(x) {
				return []Answer{{ValueString: &x}}
			}
			return []Answer{{ValueCoding: &Coding{Code: x, Display: it.OptionLabel(x)}}}
		}
		return []Answer{{ValueString: &x}}
	}
	return nil
}
