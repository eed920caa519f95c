package fill

import (
	"bytes"
	"html/template"
	"strconv"
	"strings"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// The form's sections are rendered by the templates of client/form.html
// ("section_head", "item", "section_foot", "crisis_help"), but most of
// that work depends only on the worksheet version, which never changes.
// So each version's sections are rendered once, with html/template, with
// holes marked where a client's answer goes (formSkeleton); a page then
// copies those fragments and fills the holes: the client's text through
// html/template (fillFormRun.Text), a ticked option with " checked".
//
// Items whose markup depends on more than values (an item with an error
// message, a slider, a table of rows) and crisis help are rendered by the
// same templates on each page.

// fillFormRun is a run of the form's body: pre-rendered HTML, then a
// client's value that the page template escapes.
type fillFormRun struct {
	HTML template.HTML
	Text string
}

// Hole markers: private-use characters that html/template leaves as they
// are in text and quoted attribute values.
const (
	holeOpen, holeClose  = "\uE000", "\uE001"
	holeValue, holeOther = "v", "o" // FillItem.Value, FillItem.OtherValue
	holeChecked          = "c"      // followed by the option's index
	checkedAttr          = " checked"
)

// formSkeleton is a version's sections pre-rendered.
type formSkeleton struct {
	heads []template.HTML   // each section's opening
	items [][]*itemSkeleton // by section and item; nil: rendered per page
	foot  template.HTML     // closes a section
	size  int               // bytes of all the fragments
}

// itemSkeleton is one item: fragments, each followed by a hole (but the
// last).
type itemSkeleton struct {
	parts []template.HTML
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

func (h *Handler) renderPart(part string, data any) (template.HTML, error) {
	var buf bytes.Buffer
	if err := h.Pages.RenderPart(&buf, "client/form", part, data); err != nil {
		return "", err
	}
	return template.HTML(buf.String()), nil // #nosec: rendered by html/template
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
	holes := 0
	mark := func(kind string) string { holes++; return holeOpen + kind + holeClose }
	marked.Value = mark(holeValue)
	if marked.AllowOther {
		marked.OtherValue = mark(holeOther)
	}
	marked.Options = append([]views.FillOption(nil), it.Options...)
	for i := range marked.Options {
		marked.Options[i].Hole = template.HTMLAttr(mark(holeChecked + strconv.Itoa(i))) // #nosec: a marker, cut out below
	}
	out, err := h.renderPart("item", &marked)
	if err != nil {
		return nil, err
	}
	s := string(out)
	// Types without a value box drop the value marker; anything else
	// (a marker character in the worksheet's own text) renders per page.
	if !strings.Contains(s, holeOpen+holeValue+holeClose) {
		holes--
	}
	if strings.Count(s, holeOpen) != holes || strings.Count(s, holeClose) != holes {
		return nil, nil
	}
	sk := &itemSkeleton{}
	for {
		i := strings.Index(s, holeOpen)
		if i < 0 {
			break
		}
		j := strings.Index(s, holeClose)
		sk.parts = append(sk.parts, template.HTML(s[:i])) // #nosec: html/template output
		sk.holes = append(sk.holes, s[i+len(holeOpen):j])
		s = s[j+len(holeClose):]
	}
	sk.parts = append(sk.parts, template.HTML(s)) // #nosec: html/template output
	return sk, nil
}

// formBody renders secs (the page's items, built for its answers and
// errors) from the version's skeleton.
func (h *Handler) formBody(sk *formSkeleton, secs []views.FillSection) ([]fillFormRun, error) {
	var runs []fillFormRun
	var run strings.Builder
	run.Grow(sk.size + sk.size/4)
	// Every run's HTML is a slice of run's one string, cut once at the end.
	var ends []int
	flush := func(text string) {
		ends = append(ends, run.Len())
		runs = append(runs, fillFormRun{Text: text})
	}
	for si, sec := range secs {
		run.WriteString(string(sk.heads[si]))
		for ii, it := range sec.Items {
			if isk := sk.items[si][ii]; isk != nil && it.Error == "" {
				isk.fill(it, &run, flush)
			} else {
				out, err := h.renderPart("item", it)
				if err != nil {
					return nil, err
				}
				run.WriteString(string(out))
			}
			if it.CrisisHelp != nil {
				out, err := h.renderPart("crisis_help", it.CrisisHelp)
				if err != nil {
					return nil, err
				}
				run.WriteString(string(out))
			}
		}
		run.WriteString(string(sk.foot))
	}
	flush("")
	all, start := run.String(), 0
	for i, end := range ends {
		runs[i].HTML = template.HTML(all[start:end]) // #nosec: pre-rendered fragments
		start = end
	}
	return runs, nil
}

func (sk *itemSkeleton) partsOrNil() []template.HTML {
	if sk == nil {
		return nil
	}
	return sk.parts
}

// fill writes item it (its values) from the skeleton.
func (sk *itemSkeleton) fill(it *views.FillItem, run *strings.Builder, flush func(string)) {
	for k, hole := range sk.holes {
		run.WriteString(string(sk.parts[k]))
		switch {
		case hole == holeValue:
			flush(it.Value)
		case hole == holeOther:
			flush(it.OtherValue)
		default: // holeChecked
			if i, _ := strconv.Atoi(hole[len(holeChecked):]); i < len(it.Options) && it.Options[i].Checked {
				run.WriteString(checkedAttr)
			}
		}
	}
	run.WriteString(string(sk.parts[len(sk.parts)-1]))
}
