package fill

import (
	"html/template"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// TestFormPageIsTheTemplate checks that a plain form page written from
// the pre-rendered page (layout, head, header, footer and sections) is
// byte for byte what the page's template renders for the same page — every
// built-in worksheet, from a link and from the client's own page, with the
// practitioner's name and words holding markup and quotes (or no name) —
// and that the client's and practitioner's markup never reaches the page
// unescaped. A worksheet whose title holds a marker is rendered by the
// template.
func TestFormPageIsTheTemplate(t *testing.T) {
	t.Parallel()
	h, lib := formTestKit(t)
	due, sent := time.Date(2026, 12, 3, 0, 0, 0, 0, time.UTC), time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, def := range lib {
		sk, err := h.buildFormSkeleton(def)
		if err != nil {
			t.Fatal(err)
		}
		ans := worksheets.Answers{}
		for _, sec := range def.Sections {
			answerAll(sec.Items, ans, 1)
		}
		for _, who := range []string{`Dr "Ann" <b>O'Neil</b> & + co`, ""} {
			for _, fromHome := range []bool{false, true} {
				cut := h.buildFormPage(def.Title, fromHome)
				if cut == nil {
					t.Fatalf("%s: the form page was not pre-rendered", def.Key)
				}
				p := fillFormPage{Base: httpx.Base{Title: def.Title, CSRF: "csrf-<token>&'\"+", Loc: time.UTC},
					Sheet: fillHead{Title: def.Title, Description: "About <this>", Practitioner: who, Instructions: "Take <your> time",
						ResponseTime: `within a "day" <or two>`, Minutes: 5, DueOn: &due, SubmittedAt: &sent, HasDraft: true, CopyUntil: &sent,
						FromHome: fromHome},
					Version: "7", SubmissionKey: "key-<1>"}
				secs := views.FillSections(def, ans, nil)
				views.AddCrisisHelp(secs, def, ans, crisisHeading, "Call 999 <now>")
				got, err := h.appendFormPage(nil, cut, &p, sk, secs)
				if err != nil {
					t.Fatal(err)
				}
				body, err := h.formBody(nil, sk, secs)
				if err != nil {
					t.Fatal(err)
				}
				p.Body = template.HTML(body) // #nosec: as renderFillForm
				var want strings.Builder
				if err := h.Pages.Render(&want, "client/form", p); err != nil {
					t.Fatal(err)
				}
				if string(got) != want.String() {
					t.Errorf("%s (name %q, from home %v): the pre-rendered page differs from the template:\n%s",
						def.Key, who, fromHome, firstDiff(string(got), want.String()))
				}
				for _, raw := range []string{"<b>O'Neil", "<token>", "<or two>", "<1>", "<b>bold"} {
					if strings.Contains(string(got), raw) {
						t.Errorf("%s: %q reached the page unescaped", def.Key, raw)
					}
				}
			}
		}
	}
	if h.buildFormPage("A title with \uE000who\uE001 in it", false) != nil {
		t.Error("a title holding a marker was pre-rendered")
	}
}

// TestFormPageOnlyPlain: a page with a flash, an error summary, a
// conflict, an outage or a removed row is rendered by the template.
func TestFormPageOnlyPlain(t *testing.T) {
	t.Parallel()
	for what, p := range map[string]fillFormPage{
		"flash": {Base: httpx.Base{Flash: "Saved"}}, "summary": {Summary: []fillSummaryEntry{{Message: "x"}}},
		"conflict": {Conflict: true}, "outage": {Unavailable: true}, "removed row": {Removed: &fillRemoved{}},
	} {
		if p.plain() {
			t.Errorf("a page with a %s is taken for plain", what)
		}
	}
	if p := (fillFormPage{}); !p.plain() {
		t.Error("a page with nothing to tell is not plain")
	}
}
