package reports

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// sizedAssignment grows the thought record until the assignment is exactly
// pages long (counted by the renderer, no poppler needed).
func sizedAssignment(b *testing.B, pages int) AssignmentDoc {
	def := fixtureDefinition(b)
	for rows := 1; rows < 400; rows++ {
		doc := withAnswers(fixtureMeta(), def, fixtureAnswers(5000, rows, 0))
		_, n, err := renderAssignment(context.Background(), doc)
		if err != nil {
			b.Fatal(err)
		}
		if n == pages {
			b.Logf("assignment: %d pages (%d table rows, 5,000-character answer)", n, rows)
			return doc
		}
		if n > pages {
			break
		}
	}
	b.Fatalf("could not size an assignment to %d pages", pages)
	return AssignmentDoc{}
}

func BenchmarkAssignmentPDF5Pages(b *testing.B) {
	doc := sizedAssignment(b, 5)
	r := NewRenderer(1, time.Minute)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := r.WriteAssignment(context.Background(), io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSummaryPDF10Pages(b *testing.B) {
	doc := fixtureSummary(b)
	// Grow the latest administration's long answer until the packet is
	// exactly 10 pages (one page at a time, unlike adding table rows to all);
	// the earlier two have a short story and no thought record.
	def := fixtureDefinition(b)
	answers := make([]worksheets.Answers, len(doc.Assignments))
	for i := range doc.Assignments {
		answers[i] = administrationAnswers(i + 1)
		answers[i]["log"] = logRows(1, 0)
		answers[i]["week_story"] = longStory(40)
		if i < 2 {
			delete(answers[i], "log")
		}
		doc.Assignments[i] = withAnswers(doc.Assignments[i], def, answers[i])
	}
	for story := 40; ; story += 150 {
		answers[2]["week_story"] = longStory(story)
		doc.Assignments[2] = withAnswers(doc.Assignments[2], def, answers[2])
		_, n, err := renderSummary(context.Background(), doc)
		if err != nil {
			b.Fatal(err)
		}
		if n == 10 {
			b.Logf("summary: %d pages (front page, 3 administrations, notes; 2 trend charts)", n)
			break
		}
		if n > 10 || story > 20000 {
			b.Fatalf("could not size the summary to 10 pages (got %d)", n)
		}
	}
	r := NewRenderer(1, time.Minute)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if err := r.WriteSummary(context.Background(), io.Discard, doc); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkAssignmentPDFNewRunes is the 5-page assignment whose one-phrase
// answer has a letter no recent document used (64 in turn, more than the
// fonts' subset cache keeps), so every render cuts and compresses both
// font subsets: the cost of a document unlike the last few.
func BenchmarkAssignmentPDFNewRunes(b *testing.B) {
	doc := sizedAssignment(b, 5)
	r := NewRenderer(1, time.Minute)
	docs := make([]AssignmentDoc, 64)
	for i := range docs {
		docs[i] = doc
		docs[i].ClientName = doc.ClientName + " " + string(rune('Ѐ'+i)) // Cyrillic, one letter each
	}
	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		if err := r.WriteAssignment(context.Background(), io.Discard, docs[i%len(docs)]); err != nil {
			b.Fatal(err)
		}
		i++
	}
}
