package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type worksheetPage struct {
	httpx.Base
	W *models.WorksheetView
	// Conds says in words when an item is shown (by item id), FlagConds
	// when a flag is raised (by flag id).
	Conds, FlagConds map[string]string
}

// showWorksheetPage previews a worksheet as the client will see it (not
// fillable), with the practitioner's guide, scales and flags.
func (h *Handler) showWorksheetPage(c *fiber.Ctx) error {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	p := worksheetPage{Base: h.Base(c, "worksheets", w.Def.Title), W: w, Conds: map[string]string{}, FlagConds: map[string]string{}}
	for _, s := range w.Def.Sections {
		for _, it := range s.Items {
			if it.ShowIf != nil {
				p.Conds[it.ID] = describeCondition(w.Def, it.ShowIf)
			}
		}
	}
	for _, f := range w.Def.Flags {
		p.FlagConds[f.ID] = describeCondition(w.Def, &f.When)
	}
	return h.Render(c, "pages/worksheet", p)
}

var opWords = map[string]string{"=": "is", "!=": "is not", ">": "is more than", ">=": "is at least", "<": "is less than", "<=": "is at most"}

// describeCondition puts a show_if or flag rule into words, naming items
// by their prompts: “Did you ask anyone for help this week?” is Yes.
func describeCondition(d *worksheets.Definition, c *worksheets.Condition) string {
	var parts []string
	if c.Item != "" {
		it, ok := d.ItemByID(c.Item)
		name := c.Item
		if ok && it.Prompt != "" {
			name = it.Prompt
			if r := []rune(name); len(r) > 70 {
				name = string(r[:70]) + "…"
			}
		}
		name = "“" + name + "”"
		switch {
		case c.Op == "exists" && c.Value == false:
			parts = append(parts, name+" is not answered")
		case c.Op == "exists":
			parts = append(parts, name+" is answered")
		default:
			word := opWords[c.Op]
			if word == "" {
				word = c.Op
			}
			parts = append(parts, name+" "+word+" "+conditionValue(it, c.Value))
		}
	}
	group := func(word string, cs []worksheets.Condition) {
		if len(cs) == 0 {
			return
		}
		var in []string
		for i := range cs {
			in = append(in, describeCondition(d, &cs[i]))
		}
		parts = append(parts, word+": "+strings.Join(in, "; "))
	}
	group("all of", c.All)
	group("any of", c.Any)
	return strings.Join(parts, ", and ")
}

// conditionValue is a rule's value as the client sees it (an option's label).
func conditionValue(it worksheets.Item, v any) string {
	switch x := v.(type) {
	case bool:
		if x {
			return "Yes"
		}
		return "No"
	case float64:
		if l := it.OptionLabel(x); l != "" {
			return "“" + l + "”"
		}
		return httpx.Num(x)
	case string:
		if l := it.OptionLabel(x); l != "" {
			return "“" + l + "”"
		}
		return "“" + x + "”"
	}
	return ""
}
