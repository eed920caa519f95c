package fill

import (
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/templates"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// The form's sections are rendered by the templates of client/form.html
// ("section_head", "item", "section_foot", "crisis_help"), but most of
// that work depends only on the worksheet version, which never changes.
// So each version's sections are rendered once, with html/template, with
// holes marked where a client's answer goes (templates.TextHole,
// templates.Hole; formSkeleton); a page then copies those fragments and
// fills the holes: the client's text escaped as html/template escapes it
// (templates.EscapeText), a ticked option with " checked".
//
// Items whose markup depends on more than values (an item with an error
// message, a slider, a table of rows) and crisis help are rendered by the
// same templates on each page.

// Hole names: FillItem.Value, FillItem.OtherValue, and an option's
// " checked" (followed by the option's index).
const (
	holeValue, holeOther = "v", "o"
	holeChecked          = "c"
	checkedAttr          = " checked"
)

// formSkeleton is a version's sections pre-rendered.
type formSkeleton struct {
	heads []string          // each section's opening
	items [][]*itemSkeleton // by section and item; nil: rendered per page
	foot  string            // closes a section
	size  int               // bytes of all the fragments
}

// itemSkeleton is one item: fragments, each followed by a hole (but the
// last).
type itemSkeleton struct {
	parts []string
	holes []string // holeValue, holeOther or holeChecked+index
}

type skeletonOrErr struct {
	sk  *formSkeleton
	err error
}

// formSkeletonOf is ws's pre-rendered form, built once per version.
func (h *Handler) formSkeletonOf(ws *models.WorksheetView) (*formSkeleton, error) {
	v := ws.Derived("client form", func() any {
		sk, err := h.buildFormSkeleton(ws.Def)
		return skeletonOrErr{sk, err}
	}).(skeletonOrErr)
	return v.sk, v.err
}

// fillFormOf is ws's blank client form (views.FillForm), built once per
// version.
func fillFormOf(ws *models.WorksheetView) *views.FillForm {
	return ws.Derived("client form model", func() any { return views.NewFillForm(ws.Def) }).(*views.FillForm)
}

func (h *Handler) renderPart(part string, data any) (string, error) {
	var buf strings.Builder
	if err := h.Pages.RenderPart(&buf, "client/form", part, data); err != nil {
		return "", err
	}
	return buf.String(), nil
}

func (h *Handler) buildFormSkeleton(def *worksheets.Definition) (*formSkeleton, error) {
	sk := &formSkeleton{}
	var err error
	if sk.foot, err = h.renderPart("section_foot", nil); err != nil {
		return nil, err
	}
	for _, sec := range views.FillSections(def, nil, nil) {
		head, err := h.renderPart("section_head", sec)
		if err != nil {
			return nil, err
		}
		items := make([]*itemSkeleton, len(sec.Items))
		for i, it := range sec.Items {
			if items[i], err = h.itemSkeleton(it); err != nil {
				return nil, err
			}
		}
		sk.heads, sk.items = append(sk.heads, head), append(sk.items, items)
		sk.size += len(head) + len(sk.foot)
		for _, isk := range items {
			for _, p := range isk.partsOrNil() {
				sk.size += len(p)
			}
		}
	}
	return sk, nil
}

// itemSkeleton pre-renders an unanswered item with its holes marked, or
// returns nil for an item rendered on each page.
func (h *Handler) itemSkeleton(it *views.FillItem) (*itemSkeleton, error) {
	switch it.Type {
	case worksheets.TypeSlider, worksheets.TypeRepeat:
		return nil, nil
	}
	marked := *it
	kinds := map[string]bool{holeValue: true} // hole name: a text hole
	marked.Value = templates.TextHole(holeValue)
	if marked.AllowOther {
		marked.OtherValue, kinds[holeOther] = templates.TextHole(holeOther), true
	}
	marked.Options = append([]views.FillOption(nil), it.Options...)
	for i := range marked.Options {
		name := holeChecked + strconv.Itoa(i)
		marked.Options[i].Hole, kinds[name] = template.HTMLAttr(templates.Hole(name)), false // #nosec: a marker, cut out below
	}
	out, err := h.renderPart("item", &marked)
	if err != nil {
		return nil, err
	}
	// Types without a value box drop the value marker; anything else
	// (a marker in the worksheet's own text, a hole in another context)
	// renders per page.
	cut, ok := templates.CutHoles(out)
	if !ok {
		return nil, nil
	}
	sk := &itemSkeleton{parts: cut.Parts}
	for _, hole := range cut.Holes {
		if text, known := kinds[hole.Name]; !known || text != hole.Text {
			return nil, nil
		}
		delete(kinds, hole.Name)
		sk.holes = append(sk.holes, hole.Name)
	}
	delete(kinds, holeValue)
	if len(kinds) > 0 {
		return nil, nil
	}
	return sk, nil
}

// formBody appends secs (the page's items, built for its answers and
// errors) to b, from the version's skeleton.
func (h *Handler) formBody(b []byte, sk *formSkeleton, secs []views.FillSection) ([]byte, error) {
	b = slices.Grow(b, sk.size+sk.size/4)
	for si, sec := range secs {
		b = append(b, sk.heads[si]...)
		for ii, it := range sec.Items {
			if isk := sk.items[si][ii]; isk != nil && it.Error == "" {
				b = isk.fill(b, it)
			} else {
				out, err := h.renderPart("item", it)
				if err != nil {
					return b, err
				}
				b = append(b, out...)
			}
			if it.CrisisHelp != nil {
				out, err := h.renderPart("crisis_help", it.CrisisHelp)
				if err != nil {
					return b, err
				}
				b = append(b, out...)
			}
		}
		b = append(b, sk.foot...)
	}
	return b, nil
}

func (sk *itemSkeleton) partsOrNil() []string {
	if sk == nil {
		return nil
	}
	return sk.parts
}

// fill appends item it (its values) from the skeleton to b.
func (sk *itemSkeleton) fill(b []byte, it *views.FillItem) []byte {
	for k, hole := range sk.holes {
		b = append(b, sk.parts[k]...)
		switch {
		case hole == holeValue:
			b = templates.EscapeText(b, it.Value)
		case hole == holeOther:
			b = templates.EscapeText(b, it.OtherValue)
		default: // holeChecked
			if i, _ := strconv.Atoi(hole[len(holeChecked):]); i < len(it.Options) && it.Options[i].Checked {
				b = append(b, checkedAttr...)
			}
		}
	}
	return append(b, sk.parts[len(sk.parts)-1]...)
}
