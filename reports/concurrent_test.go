package reports

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
)

// phrases are set in different scripts, so each document uses a different
// set of runes (a different font subset).
var phrases = []string{
	"Καλημέρα κόσμε, αύριο πάλι",
	"Съешь же ещё этих мягких булок",
	"Zażółć gęślą jaźń przy ognisku",
	"Tiếng Việt có dấu đầy đủ",
	"Բարեւ ձեզ, ընկերներ",
	"გამარჯობა, მეგობრებო",
	"Ærøskøbing før ødelæggelse",
	"plain ASCII only, nothing else",
}

// concurrentDoc is document i: an assignment or a summary (alternately)
// carrying phrase i, and what its text must contain.
func concurrentDoc(t testing.TB, i int) (func(context.Context) (*bytes.Buffer, int, error), string) {
	phrase := fmt.Sprintf("%s #%d", phrases[i%len(phrases)], i)
	if i%2 == 0 {
		a := fixtureAnswers(300, 2, 0)
		a["one_word"] = phrase
		doc := withAnswers(fixtureMeta(), fixtureDefinition(t), a)
		return func(ctx context.Context) (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) }, phrase
	}
	doc := fixtureSummary(t)
	doc.ClientName = phrase
	return func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) }, phrase
}

// TestConcurrentRenders renders different documents at the same time (the
// fonts and their subsets are shared between documents): each must read
// back with its own text and none of the others', and be byte-identical
// to the same document rendered alone afterwards.
func TestConcurrentRenders(t *testing.T) {
	t.Parallel()
	const n = 2 * 2 * 8 // each phrase in an assignment and a summary, twice
	type result struct {
		pdf    []byte
		phrase string
		err    error
	}
	results := make([]result, n)
	renders := make([]func(context.Context) (*bytes.Buffer, int, error), n)
	for i := range renders {
		renders[i], results[i].phrase = concurrentDoc(t, i%16)
	}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range renders {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			buf, _, err := renders[i](context.Background())
			results[i].err = err
			if err == nil {
				results[i].pdf = buf.Bytes()
			}
		}()
	}
	close(start)
	wg.Wait()
	for i, r := range results {
		if r.err != nil {
			t.Fatalf("document %d: %v", i, r.err)
		}
		text := collapse(pdfText(t, r.pdf))
		if !strings.Contains(text, r.phrase) {
			t.Errorf("document %d does not read back %q:\n%.600s", i, r.phrase, text)
		}
		for j, other := range results {
			if other.phrase != r.phrase && strings.Contains(text, other.phrase) {
				t.Errorf("document %d reads back document %d's %q", i, j, other.phrase)
			}
		}
		alone, _ := renderBytes(t, renders[i])
		if !bytes.Equal(r.pdf, alone) {
			t.Errorf("document %d rendered concurrently differs from the same document rendered alone", i)
		}
	}
}
