package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestSummaryPDF(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftotext")
	doc := fixtureSummary(t)
	pdf, pages := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) })
	assertSafePDF(t, pdf)
	assertFonts(t, pdf)

	// Pages: the "what's new" part (1–2 pages), each administration exactly
	// as long as its own assignment PDF (each starts a new page), then one
	// notes page.
	each := 0
	for _, a := range doc.Assignments {
		_, n, err := renderAssignment(context.Background(), a)
		if err != nil {
			t.Fatal(err)
		}
		each += n
	}
	got := pdfPages(t, pdf)
	if got != pages {
		t.Errorf("pdfinfo pages = %d, renderer counted %d", got, pages)
	}
	if got < each+2 || got > each+3 {
		t.Errorf("pages = %d, want %d..%d (assignments %d + front + notes)", got, each+2, each+3, each)
	}
	t.Logf("summary fixture: %d pages (%d for the three administrations), %d bytes", got, each, len(pdf))

	raw := pdfText(t, pdf)
	pagesText := strings.Split(raw, "\f")
	front := collapse(pagesText[0])
	for _, w := range []string{
		"What's new since 1 Oct 2026", "Nguyễn Thị Lan", "Submitted since 1 Oct 2026",
		"Not asking for help: 11 → 7, high → moderate",
		"Not asking for help 11 prorated (high)", // a prorated score says so
		"Harsh self-talk: 4 → 1, harsh → gentle", // baseline: the score before Since
		"Says there is no one to turn to — check safety plan", "Asking for help, 7 Oct 2026",
		"7 Oct", "28 Oct", "18 Nov", // chart dates (ICT)
		"Trends", "Score changes",
	} {
		if !strings.Contains(front, w) {
			t.Errorf("first page lacks %q", w)
		}
	}
	text := collapse(raw)
	for _, w := range []string{"Lần 1: " + vietnamese, "Lần 2: " + vietnamese, "Lần 3: " + vietnamese} {
		if strings.Count(text, w) != 1 {
			t.Errorf("want %q exactly once", w)
		}
	}
	last := collapse(pagesText[len(pagesText)-2]) // the text ends with a final \f
	if !strings.Contains(last, "Notes for this session") {
		t.Errorf("last page is not the notes page: %q", trunc(last))
	}
	// Order: oldest submission first.
	if strings.Index(text, "Lần 1:") > strings.Index(text, "Lần 3:") {
		t.Error("assignments not oldest first")
	}
}

func TestScoreChange(t *testing.T) {
	t.Parallel()
	doc := fixtureSummary(t)
	for _, tc := range []struct {
		tr   Trend
		want string
	}{
		{doc.Trends[0], "Not asking for help: 11 → 7, high → moderate"},
		{doc.Trends[1], "Harsh self-talk: 4 → 1, harsh → gentle"},
		{Trend{ScaleTitle: "X", Points: []TrendPoint{{At: fixedNow, Value: 3, Band: "low"}}}, "X: 3 low, first score"},
		{Trend{ScaleTitle: "X", Points: []TrendPoint{{At: fixedNow.AddDate(0, -3, 0), Value: 3}}}, "X: no new score (still 3)"},
		{Trend{ScaleTitle: "X", Points: []TrendPoint{{At: fixedNow, Value: 2.333333, Band: "b"}, {At: fixedNow.AddDate(0, 0, 1), Value: 2, Band: "b"}}}, "X: 2.33 → 2, still b"},
		{Trend{ScaleTitle: "X"}, ""},
	} {
		if got := scoreChange(tc.tr, doc.Since); got != tc.want {
			t.Errorf("scoreChange = %q, want %q", got, tc.want)
		}
	}
}
