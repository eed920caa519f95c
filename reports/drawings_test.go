package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

func builtinDef(t testing.TB, key string) *worksheets.Definition {
	t.Helper()
	defs, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range defs {
		if d.Key == key {
			return d
		}
	}
	t.Fatalf("no built-in %s", key)
	return nil
}

// fixtureDrawings is a support map and a timeline, as the PDF of each
// assignment carries them.
func fixtureDrawings(t testing.TB) (supportMap, timeline AssignmentDoc) {
	sm := builtinDef(t, "support-map")
	a := worksheets.Answers{"anyone_comes_to_mind": "some_people", "people": []any{
		map[string]any{"initials": "J.M.", "closeness": 5.0, "last_asked": "recent", "could_help_with": []any{"emotional"}},
		map[string]any{"initials": "Ö.K.", "closeness": 4.0, "last_asked": "longer"},
		map[string]any{"initials": "T.", "closeness": 4.0, "last_asked": "recent"},
		map[string]any{"initials": "Gran", "closeness": 3.0},
		map[string]any{"initials": "A.B.", "closeness": 2.0, "last_asked": "never"},
		map[string]any{"initials": "S.W.", "closeness": 1.0, "last_asked": "never"},
		map[string]any{"initials": "R."},
	}}
	supportMap = withAnswers(fixtureMeta(), sm, a)
	supportMap.Scores, supportMap.Flags = nil, nil
	supportMap.SupportMap = views.NewSupportMap(sm, a)

	tl := builtinDef(t, "relational-timeline")
	b := worksheets.Answers{"moments": []any{
		map[string]any{"age": 6.0, "trust_effect": 2.0, "event": "My dad left."},
		map[string]any{"age": 9.0, "trust_effect": 8.0, "event": "A teacher noticed me."},
		map[string]any{"age": 14.0, "kind": "private"},
		map[string]any{"age": 14.0, "trust_effect": 0.0, "event": "A friend told everyone my secret."},
		map[string]any{"age": 23.0, "trust_effect": 5.0, "event": "First job."},
		map[string]any{"age": 31.0, "trust_effect": 10.0, "event": "My partner stayed when I was ill."},
	}}
	timeline = withAnswers(fixtureMeta(), tl, b)
	timeline.Scores, timeline.Flags = nil, nil
	timeline.Timeline = views.NewTimeline(tl, b)
	return supportMap, timeline
}

// fixtureTallySummary is the summary fixture with "Did you ask anyone for
// help?" answered in three of four weeks.
func fixtureTallySummary(t testing.TB) SummaryDoc {
	doc := fixtureSummary(t)
	var answers []views.HelpAnswer
	for i, asked := range []bool{false, true, true} {
		week := i
		if i == 2 {
			week = 3
		}
		answers = append(answers, views.HelpAnswer{At: time.Date(2026, 10, 6+7*week, 19, 0, 0, 0, time.UTC), Asked: asked})
	}
	doc.HelpTally = views.NewHelpTally(answers, loc)
	return doc
}

// TestDrawingsPDF: the support map and timeline come out as vector
// drawings (no image) with their labels readable as text: initials, the
// key, ring names, ages and moment numbers.
func TestDrawingsPDF(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftotext")
	sm, tl := fixtureDrawings(t)
	for name, tc := range map[string]struct {
		doc  AssignmentDoc
		want []string
	}{
		"support map": {sm, []string{"Support map", "Very close", "Not close", "Me", "J.M.", "Ö.K.", "Gran",
			"asked in the last month", "not asked in the last month", "when last asked not said", "1 without a closeness rating"}},
		"timeline": {tl, []string{"Timeline", "trusted people more", "trusted people less", "age", "private moments"}},
		"tally":    {AssignmentDoc{}, []string{"Trends", "Did you ask anyone for help?", "Asked in 2 of 3 weeks answered; dark = asked", "5 Oct", "26 Oct"}},
	} {
		t.Run(name, func(t *testing.T) {
			pdf, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) {
				if name == "tally" {
					return renderSummary(ctx, fixtureTallySummary(t))
				}
				return renderAssignment(ctx, tc.doc)
			})
			text := collapse(pdfText(t, pdf))
			for _, want := range tc.want {
				if !strings.Contains(text, want) {
					t.Errorf("PDF lacks %q:\n%s", want, text)
				}
			}
			if strings.Contains(string(pdf), "/Subtype /Image") {
				t.Error("the drawing is an image, not vectors")
			}
			assertSafePDF(t, pdf)
		})
	}
}
