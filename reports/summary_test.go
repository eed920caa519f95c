package reports

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"
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
		"1 Oct – 27 Nov 2026", "Nguyễn Thị Lan", "Submitted in this period",
		"Still open, by due date", "20 Nov 2026 Thought record In progress · overdue", "— Sleep diary Not started",
		"Not asking for help: 11 → 7, high → moderate",
		"Not asking for help 11 prorated (high)", // a prorated score says so
		"Harsh self-talk: 4 → 1, harsh → gentle", // baseline: the score before the period
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
		if got := scoreChange(tc.tr, time.Date(2026, 10, 1, 0, 0, 0, 0, loc)); got != tc.want {
			t.Errorf("scoreChange = %q, want %q", got, tc.want)
		}
	}
}

// TestSummaryBriefAndClientCopy: without Answers the summary is the brief
// and the notes page; the client's copy says so in every footer and has no
// notes page.
func TestSummaryBriefAndClientCopy(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftotext")
	doc := fixtureSummary(t)
	doc.Answers = false
	pdf, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) })
	pages := strings.Split(pdfText(t, pdf), "\f")
	text := collapse(strings.Join(pages, " "))
	if strings.Contains(text, "Lần 1") || !strings.Contains(text, "Submitted in this period") {
		t.Error("the brief prints answers, or lacks the submissions")
	}
	if last := collapse(pages[len(pages)-2]); !strings.Contains(last, "Notes for this session") {
		t.Errorf("the brief does not end with the notes page: %q", trunc(last))
	}

	doc.ClientCopy = true
	pdf, n := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) })
	text = collapse(pdfText(t, pdf))
	if strings.Contains(text, "Notes for this session") || strings.Contains(text, "Confidential") || strings.Contains(text, "check safety plan") {
		t.Error("the client's copy has the notes page, the practitioner's footer or a flag")
	}
	if got := strings.Count(text, "Client's copy"); got != n {
		t.Errorf("%d footers say it is the client's copy, want %d (every page)", got, n)
	}
}

// TestSummaryAppendixCapped: asked for every answer, a summary prints at
// most AppendixMax submissions in full and says how many it left out.
func TestSummaryAppendixCapped(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftotext")
	doc := fixtureSummary(t)
	doc.Answers = true
	one := doc.Assignments[0]
	doc.Assignments = nil
	for i := 0; i < AppendixMax+3; i++ {
		doc.Assignments = append(doc.Assignments, one)
	}
	pdf, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) })
	_, each, err := renderAssignment(context.Background(), one)
	if err != nil {
		t.Fatal(err)
	}
	if got, max := pdfPages(t, pdf), AppendixMax*each+6; got > max {
		t.Errorf("%d pages: the appendix is not capped (want at most %d)", got, max)
	}
	if text := collapse(pdfText(t, pdf)); !strings.Contains(text, "The answers of 3 more submissions in this period are left out") {
		t.Error("the summary does not say what it left out")
	}
}
