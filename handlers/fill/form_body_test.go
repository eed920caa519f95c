package fill

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/templates"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// tricky is a client's text that must come back escaped, exactly as typed.
const tricky = `"Quoted" <b>bold</b> & 'single' + \uE000v\uE001 end`

// answerAll answers every item of items: text with markup and quotes,
// every other option ticked, two rows in every table.
func answerAll(items []worksheets.Item, ans map[string]any, salt int) {
	for i, it := range items {
		switch it.Type {
		case worksheets.TypeText, worksheets.TypeLongText:
			ans[it.ID] = tricky
		case worksheets.TypeNumber, worksheets.TypeSlider:
			ans[it.ID] = 1.0
		case worksheets.TypeDate:
			ans[it.ID] = "2026-11-02"
		case worksheets.TypeYesNo:
			ans[it.ID] = (i+salt)%2 == 0
		case worksheets.TypeChoice, worksheets.TypeLikert:
			if len(it.Options) > 0 {
				ans[it.ID] = it.Options[(i+salt)%len(it.Options)].Value
			}
		case worksheets.TypeMultiChoice:
			var picked []any
			for k, o := range it.Options {
				if (k+salt)%2 == 0 {
					picked = append(picked, o.Value)
				}
			}
			ans[it.ID] = picked
		case worksheets.TypeRepeat:
			var rows []any
			for r := 0; r < 2; r++ {
				cells := map[string]any{}
				answerAll(it.Items, cells, r)
				rows = append(rows, cells)
			}
			ans[it.ID] = rows
		}
		if it.AllowOther {
			ans[it.ID+worksheets.OtherSuffix] = tricky
		}
	}
}

// pageAnswers are a page's answers and errors for def: none (salt 0),
// every item answered (answerAll), and from salt 2 errors on every third
// item and its "Other" text.
func pageAnswers(def *worksheets.Definition, salt int) (worksheets.Answers, map[string]string) {
	ans := worksheets.Answers{}
	errs := map[string]string{}
	for _, sec := range def.Sections {
		if salt > 0 {
			answerAll(sec.Items, ans, salt)
		}
		for i, it := range sec.Items {
			if salt >= 2 && i%3 == 0 {
				errs[it.ID], errs[it.ID+worksheets.OtherSuffix] = "please choose an answer", "is too long"
			}
		}
	}
	return ans, errs
}

// TestFormBodyIsTheTemplates checks that the pre-rendered form of every
// built-in worksheet (every item but sliders and tables pre-rendered), filled with a client's answers (markup, quotes and a
// hole marker in the text) and some errors, is byte for byte what the
// item templates render for the same answers.
func TestFormBodyIsTheTemplates(t *testing.T) {
	t.Parallel()
	h, lib := formTestKit(t)
	// A worksheet whose own text holds a marker renders per page.
	odd := *lib[0]
	odd.Sections = append([]worksheets.Section{{Title: "Odd", Items: []worksheets.Item{
		{ID: "odd", Type: worksheets.TypeText, Prompt: "A prompt with \uE000v\uE001 in it"}}}}, odd.Sections...)
	for _, def := range append(lib, &odd) {
		sk, err := h.buildFormSkeleton(def)
		if err != nil {
			t.Fatal(err)
		}
		// Every item but sliders, tables and the odd one is pre-rendered.
		for si, sec := range def.Sections {
			for ii, it := range sec.Items {
				pre := sk.items[si][ii] != nil
				if want := it.Type != worksheets.TypeSlider && it.Type != worksheets.TypeRepeat && it.ID != "odd"; pre != want {
					t.Errorf("%s: item %s pre-rendered: %v, want %v", def.Key, it.ID, pre, want)
				}
			}
		}
		for salt := 0; salt < 3; salt++ {
			ans, errs := pageAnswers(def, salt)
			secs := views.FillSections(def, ans, errs)
			views.AddCrisisHelp(secs, def, ans, crisisHeading, "Call 999 <now>")
			body, err := h.formBody(nil, sk, secs)
			if err != nil {
				t.Fatal(err)
			}
			got := string(body)
			var want strings.Builder
			for _, sec := range secs {
				want.WriteString(must(h.renderPart("section_head", sec)))
				for _, it := range sec.Items {
					want.WriteString(must(h.renderPart("item", it)))
					if it.CrisisHelp != nil {
						want.WriteString(must(h.renderPart("crisis_help", it.CrisisHelp)))
					}
				}
				want.WriteString(must(h.renderPart("section_foot", nil)))
			}
			if got != want.String() {
				t.Errorf("%s (answers %d): the pre-rendered form differs from the templates:\n%s", def.Key, salt, firstDiff(got, want.String()))
			}
			if salt == 1 && strings.Contains(got, "<b>bold") {
				t.Errorf("%s: a client's markup reached the page unescaped", def.Key)
			}
		}
	}
}

// formTestKit is a handler with the templates, and the built-in worksheets.
func formTestKit(t *testing.T) (*Handler, []*worksheets.Definition) {
	t.Helper()
	set, err := templates.Load()
	if err != nil {
		t.Fatal(err)
	}
	lib, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	return &Handler{Kit: &httpx.Kit{Pages: set}}, lib
}

func must(s string, err error) string {
	if err != nil {
		panic(err)
	}
	return s
}

func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	lo := max(0, i-200)
	return "got:  …" + a[lo:min(len(a), i+200)] + "\nwant: …" + b[lo:min(len(b), i+200)]
}

// TestFillFormSharedAcrossPages: a version's blank form (views.FillForm)
// serves page after page, each with other answers and errors, and every
// page is exactly what a form built afresh for it would be: no page's
// ticks, values, rows or messages reach the next.
func TestFillFormSharedAcrossPages(t *testing.T) {
	t.Parallel()
	_, lib := formTestKit(t)
	for _, def := range lib {
		shared := views.NewFillForm(def)
		for _, salt := range []int{1, 0, 2, 1, 0, 3} {
			ans, errs := pageAnswers(def, salt)
			page := func(f *views.FillForm) string {
				secs := f.Sections(ans, errs)
				views.AddCrisisHelp(secs, def, ans, crisisHeading, "Call 999")
				js, err := json.Marshal(secs)
				if err != nil {
					t.Fatal(err)
				}
				return string(js)
			}
			if got, want := page(shared), page(views.NewFillForm(def)); got != want {
				t.Fatalf("%s (answers %d): the shared form's page differs from a fresh one:\n%s", def.Key, salt, firstDiff(got, want))
			}
		}
	}
}
