package fill

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// fillAnswersPage is the data of client/answers.html: a read-only copy.
type fillAnswersPage struct {
	httpx.Base
	Sheet    fillHead
	Sections []fillAnswerSection
	Locked   bool // an edit arrived after submission
}

type fillAnswerSection struct {
	Title string
	Items []fillAnswerItem
}

// fillAnswerItem is one answered (or unanswered) question, as text.
type fillAnswerItem struct {
	Prompt string
	Lines  []string // the answer, one entry per chosen option or line
	Rows   [][]fillAnswerItem
	Empty  bool
}

// showFillAnswers shows what the client sent; before submission, the form.
func (h *Handler) showFillAnswers(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if !fillSubmitted(v) {
		return httpx.Redirect(c, "/f/form")
	}
	return h.renderFillAnswers(c, fiber.StatusOK, v, false)
}

// renderFillAnswers renders the read-only copy; locked says an edit or a
// second submit arrived after submission and changed nothing.
func (h *Handler) renderFillAnswers(c *fiber.Ctx, status int, v *models.AssignmentView, locked bool) error {
	def := v.Worksheet.Def
	ans := v.Answers
	if ans == nil {
		ans = worksheets.Answers{}
	}
	p := fillAnswersPage{Base: httpx.Base{Title: "Your answers: " + def.Title}, Sheet: fillHeadOf(v), Locked: locked}
	for _, s := range def.Sections {
		sec := fillAnswerSection{Title: s.Title}
		for _, it := range s.Items {
			if it.Type == worksheets.TypeInfo || !def.Visible(it, ans, nil) {
				continue
			}
			sec.Items = append(sec.Items, fillAnswerOf(def, it, ans, ans))
		}
		if len(sec.Items) > 0 {
			p.Sections = append(p.Sections, sec)
		}
	}
	c.Status(status)
	return h.Render(c, "client/answers", p)
}

// fillAnswerOf says one answer in words; src holds it (the top-level answers
// or a row), top the top-level answers for conditions inside rows.
func fillAnswerOf(def *worksheets.Definition, it worksheets.Item, src, top map[string]any) fillAnswerItem {
	a := fillAnswerItem{Prompt: it.Prompt}
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
				var out []fillAnswerItem
				for _, sub := range it.Items {
					if sub.Type != worksheets.TypeInfo && def.Visible(sub, worksheets.Answers(top), cells) {
						out = append(out, fillAnswerOf(def, sub, cells, top))
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
			return fillValueText(v) + " out of " + httpx.Num(*it.Max)
		}
	}
	return fillValueText(v)
}
