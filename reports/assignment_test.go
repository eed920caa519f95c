package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/tend-health/tend/worksheets"
)

func TestAssignmentPDF(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftotext")
	def, answers := fixtureDefinition(t), fixtureAnswers(5000, 40, 17)
	doc := withAnswers(fixtureMeta(), def, answers)
	pdf, pages := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) })
	assertSafePDF(t, pdf)
	assertFonts(t, pdf)

	// Page count. Lower bound from content alone (A4 with 20 mm margins
	// leaves ~255 mm per page): the 5,000-character answer is ≥ 55 lines of
	// ≤ 95 characters at 5 mm (≥ 275 mm); 40 table rows are ≥ 7.6 mm each
	// (≥ 300 mm); row 17's 3,200-character thought in a ~40 mm column is
	// ≥ 120 lines at 4.2 mm (≥ 500 mm). That is ≥ 1,075 mm, so ≥ 5 pages.
	// Upper bound: the same content with generous slack for headings,
	// scores and short items stays under 12 pages.
	got := pdfPages(t, pdf)
	if got != pages {
		t.Errorf("pdfinfo pages = %d, renderer counted %d", got, pages)
	}
	if got < 5 || got > 12 {
		t.Errorf("pages = %d, want 5..12", got)
	}
	t.Logf("assignment fixture: %d pages, %d bytes", got, len(pdf))

	raw := pdfText(t, pdf)
	text := body(raw, "Nguyễn Thị Lan · Asking for help")
	want := []string{
		"Asking for help", "Version 2", "Nguyễn Thị Lan", "Dr. Zofia Wójcik", "Submitted",
		"13 Nov 2026", "26 Nov 2026", "26 Nov 2026, 04:14", // submitted 21:14 UTC shown in ICT
		// Every answer in the shared wording (worksheets.Readable), each
		// right after its prompt.
		"One phrase for this week " + vietnamese,
		"What happened this week? Write as much as you like. " + longStory(5000),
		"Hours of sleep on an average night 6.5",
		"Which day was hardest? Friday 20 November 2026",
		"Did you talk to anyone about how you felt? No",
		"What stopped you? " + whyNot,
		"Who would you go to first? Other: " + wentToOther,
		"Overall mood Okay-ish",
		"Who or what helped? • A friend • My GP • Other: " + helpersOther,
		"How stressed did you feel? 7 out of 10 0 = calm … 10 = very stressed",
		"A line in your own language " + ownWordsNFC,
		"Anything else you want me to know? " + worksheets.NotAnswered,
		// A run of likerts on one scale says its ends once, under the first.
		"I would rather cope alone than ask someone. Quite a lot (3) 0 = Not at all … 4 = Very much",
		"Asking for help feels like being a burden. Somewhat (2)",
		"I notice when I could use support. A little (1)",
		// The table: legend above it, dates and sliders in words.
		"How strong: 0 = none … 100 = overwhelming",
		"Thursday 1 October 2026", "10 out of 100",
		"Says there is no one to turn to — check safety plan", "Stress at 7 or more on a 0–10 scale",
		"Not asking for help", "asks for help rarely", "prorated, range 0–16, 3 of 4 answered", "high",
		"Talk about the Wednesday walks: what made them possible? Ask about her grandmother (bà ngoại).",
		"Page 1 of " + fmt.Sprint(pages), "Page " + fmt.Sprint(pages) + " of " + fmt.Sprint(pages),
		"Generated 27 Nov 2026, 16:30",
	}
	full := collapse(raw)
	for _, w := range want {
		if !strings.Contains(text, collapse(w)) && !strings.Contains(full, collapse(w)) {
			t.Errorf("PDF text lacks %q", trunc(w))
		}
	}
	// Emoji: the text around them intact, a placeholder for each emoji.
	if cleaned := clean(emojiAnswer); !strings.Contains(text, cleaned) {
		t.Errorf("emoji answer: want %q in PDF", cleaned)
	}
	if !strings.Contains(text, "Vui "+Placeholder+" "+Placeholder) || !strings.Contains(text, "❤") {
		t.Errorf("emoji answer: want \"Vui\" then placeholders then ❤")
	}
	// Info blocks, items hidden by show_if (prompt and stale answer) and
	// emoji the fonts lack are not printed.
	for _, absent := range []string{"INFO-BLOCK-NOT-PRINTED", "Who did you talk to?", staleHidden, "😊", "\uFE0F"} {
		if strings.Contains(raw, absent) {
			t.Errorf("PDF text should not contain %q", absent)
		}
	}
	if n := strings.Count(text, "0 = Not at all … 4 = Very much"); n != 1 {
		t.Errorf("likert scale ends printed %d times, want once", n)
	}

	// Every table row, in full; row 17 runs over more than a page, so its
	// words are checked in order across the page breaks.
	logItem, _ := def.ItemByID("log")
	subs := map[string]worksheets.Item{}
	for _, sub := range logItem.Items {
		subs[sub.ID] = sub
	}
	hiddenCells := 0
	for i, r := range answers["log"].([]any) {
		row := r.(map[string]any)
		if i+1 == 17 {
			if !subsequence(text, row["thought"].(string)) {
				t.Error("row 17 (taller than a page) lost words")
			}
			continue
		}
		for _, k := range []string{"situation", "thought", "instead"} {
			s, ok := row[k].(string)
			switch {
			case !ok:
			case !def.Visible(subs[k], answers, row):
				hiddenCells++
				if strings.Contains(text, collapse(s)) {
					t.Errorf("row %d: %s is hidden by show_if but printed", i+1, k)
				}
				// The row reads "…Feeling —", the cell saying it does not apply.
				if !strings.Contains(text, emotionLabel(row)+" "+worksheets.DoesNotApply) {
					t.Errorf("row %d: hidden %s cell does not say %q", i+1, k, worksheets.DoesNotApply)
				}
			case !strings.Contains(text, collapse(s)):
				t.Errorf("row %d %s missing: %q", i+1, k, s)
			}
		}
	}
	t.Logf("%d table cells hidden by show_if", hiddenCells)
	if hiddenCells == 0 {
		t.Error("the fixture should hide some table cells by show_if")
	}
	assertHeaderRepeated(t, raw, "S01 ", "S40 ", "What went through your mind?")
}

// assertHeaderRepeated checks that every page from the one holding the
// first row to the one holding the last row starts the table with the
// header row (found once per page).
func assertHeaderRepeated(t *testing.T, raw, firstRow, lastRow, header string) {
	t.Helper()
	pages := strings.Split(raw, "\f")
	first, last := -1, -1
	for i, p := range pages {
		if first < 0 && strings.Contains(p, firstRow) {
			first = i
		}
		if strings.Contains(p, lastRow) {
			last = i
		}
	}
	if first < 0 || last <= first {
		t.Fatalf("table should span pages: first row on page %d, last on %d", first+1, last+1)
	}
	for i := first; i <= last; i++ {
		if n := strings.Count(collapse(pages[i]), header); n != 1 {
			t.Errorf("page %d: header %q found %d times, want 1", i+1, header, n)
		}
	}
	t.Logf("table spans pages %d–%d, header on each", first+1, last+1)
}

func TestAssignmentDeterministic(t *testing.T) {
	t.Parallel()
	doc := fixtureAssignment(t)
	a, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) })
	b, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) })
	if !bytes.Equal(a, b) {
		t.Fatal("two deterministic renders differ")
	}
	if !bytes.Contains(a, []byte("D:20261127163000")) {
		t.Error("creation date is not Options.Now")
	}
}

func TestStoredAnswersUnchanged(t *testing.T) {
	t.Parallel()
	answers := fixtureAnswers(5000, 40, 17)
	before := fmt.Sprintf("%#v", answers)
	doc := withAnswers(fixtureMeta(), fixtureDefinition(t), answers)
	sections := fmt.Sprintf("%#v", doc.Sections)
	if _, _, err := renderAssignment(context.Background(), doc); err != nil {
		t.Fatal(err)
	}
	if after := fmt.Sprintf("%#v", answers); after != before {
		t.Error("rendering modified the answers")
	}
	if after := fmt.Sprintf("%#v", doc.Sections); after != sections {
		t.Error("rendering modified the readable sections")
	}
}

// emotionLabel is a thought-record row's feeling as printed.
func emotionLabel(row map[string]any) string {
	e := row["emotion"].(string)
	return strings.ToUpper(e[:1]) + e[1:]
}

func trunc(s string) string {
	if r := []rune(s); len(r) > 60 {
		return string(r[:60]) + "…"
	}
	return s
}
