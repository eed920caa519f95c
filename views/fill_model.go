package views

import "github.com/tend-health/tend/worksheets"

// FillForm is a worksheet version's client form before any answer:
// everything on it but the client's values, ticks, rows and error
// messages follows from the definition alone, which never changes for a
// version. Build it once a version (handlers/fill keeps it beside the
// version's pre-rendered fragments); each page then copies its items and
// fills in only what the client's answers and the page's errors change.
// A FillForm is never changed once built, so pages share it.
type FillForm struct {
	def      *worksheets.Definition
	sections []FillSection // blank items (fillBuilder.blank)
}

// NewFillForm builds def's blank form.
func NewFillForm(def *worksheets.Definition) *FillForm {
	b := &fillBuilder{def: def}
	f := &FillForm{def: def, sections: make([]FillSection, 0, len(def.Sections))}
	for _, s := range def.Sections {
		sec := FillSection{Title: s.Title, Intro: s.Intro, Items: make([]*FillItem, len(s.Items))}
		for i := range s.Items {
			sec.Items[i] = b.blank(&s.Items[i], s.Items[i].ID, "q-"+s.Items[i].ID, nil)
		}
		f.sections = append(f.sections, sec)
	}
	return f
}

// Sections is the form with answers ans and field errors errs (by item
// key): new sections and items, the blank form unchanged.
func (f *FillForm) Sections(ans worksheets.Answers, errs map[string]string) []FillSection {
	b := &fillBuilder{def: f.def, errs: errs}
	out := make([]FillSection, len(f.sections))
	for si, s := range f.sections {
		items := make([]*FillItem, len(s.Items))
		for i, blank := range s.Items {
			items[i] = b.answered(blank, &f.def.Sections[si].Items[i], ans)
		}
		out[si] = FillSection{Title: s.Title, Intro: s.Intro, Items: items}
	}
	return out
}
