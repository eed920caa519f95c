package views

import (
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// FillAnswerSection is one section of the client's read-only copy.
type FillAnswerSection struct {
	Title string
	Items []FillAnswerItem
}

// FillAnswerItem is one answered (or unanswered) question, as text.
type FillAnswerItem struct {
	Prompt string
	Lines  []string // the answer, one entry per chosen option or line
	Rows   [][]FillAnswerItem
	Empty  bool
}

// FillAnswerOf says one answer in words; src holds it (the top-level answers
// or a row), top the top-level answers for conditions inside rows.
func FillAnswerOf(def *worksheets.Definition, it worksheets.Item, src, top map[string]any) FillAnswerItem {
	a := FillAnswerItem{Prompt: it.Prompt}
	v, has := src[it.ID]
	switch x := v.(type) {
	case nil:
	case string:
		if strings.TrimSpace(x) != "" {
			a.Lines = []string{fillWords(it, x, src)}
		}
	case float64:
		a.Lines = []string{fillWords(it, x, src)}
	case bool:
		a.Lines = []string{map[bool]string{true: "Yes", false: "No"}[x]}
	case []any:
		if it.Type == worksheets.TypeRepeat {
			for _, r := range x {
				cells, _ := r.(map[string]any)
				var out []FillAnswerItem
				for _, sub := range it.Items {
					if sub.Type != worksheets.TypeInfo && def.Visible(sub, worksheets.Answers(top), cells) {
						out = append(out, FillAnswerOf(def, sub, cells, top))
					}
				}
				a.Rows = append(a.Rows, out)
			}
			break
		}
		for _, e := range x {
			a.Lines = append(a.Lines, fillWords(it, e, src))
		}
	}
	a.Empty = !has || (len(a.Lines) == 0 && len(a.Rows) == 0)
	return a
}

// fillWords turns one stored value into what the client chose or typed.
func fillWords(it worksheets.Item, v any, src map[string]any) string {
	switch it.Type {
	case worksheets.TypeChoice, worksheets.TypeMultiChoice, worksheets.TypeLikert:
		other, _ := src[it.ID+worksheets.OtherSuffix].(string)
		return it.ChoiceWords(v, other)
	case worksheets.TypeDate:
		if s, _ := v.(string); s != "" {
			if t, err := time.Parse("2006-01-02", s); err == nil {
				return t.Format("2 January 2006")
			}
		}
	case worksheets.TypeSlider:
		if it.Max != nil {
			return fillValueText(v) + " out of " + Num(*it.Max)
		}
	}
	return fillValueText(v)
}
