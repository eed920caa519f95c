package reports

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/worksheets"
)

func smallDoc(t testing.TB) AssignmentDoc {
	return withAnswers(fixtureMeta(), fixtureDefinition(t), fixtureAnswers(200, 2, 0))
}

func TestErrBusy(t *testing.T) {
	t.Parallel()
	r := NewRenderer(1, 30*time.Millisecond)
	if err := r.acquire(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	start := time.Now()
	err := r.WriteAssignment(context.Background(), &out, smallDoc(t))
	if !errors.Is(err, ErrBusy) {
		t.Fatalf("err = %v, want ErrBusy", err)
	}
	if d := time.Since(start); d < 25*time.Millisecond {
		t.Errorf("gave up after %v, before the wait", d)
	}
	if out.Len() != 0 {
		t.Error("bytes written despite ErrBusy")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := NewRenderer(1, time.Second).WriteAssignment(ctx, &out, smallDoc(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v", err)
	}
	r.release()
	if err := r.WriteAssignment(context.Background(), &out, smallDoc(t)); err != nil {
		t.Fatalf("after release: %v", err)
	}
}

func TestBurst(t *testing.T) {
	t.Parallel()
	if testing.Short() {
		t.Skip("burst of 20 renders skipped in -short mode")
	}
	for _, wait := range []time.Duration{time.Millisecond, time.Minute} {
		r := NewRenderer(2, wait)
		doc := smallDoc(t)
		var wg sync.WaitGroup
		var mu sync.Mutex
		ok, busy := 0, 0
		for i := 0; i < 20; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				var out bytes.Buffer
				err := r.WriteAssignment(context.Background(), &out, doc)
				mu.Lock()
				defer mu.Unlock()
				switch {
				case err == nil && bytes.HasPrefix(out.Bytes(), []byte("%PDF-")) && bytes.HasSuffix(bytes.TrimSpace(out.Bytes()), []byte("%%EOF")):
					ok++
				case errors.Is(err, ErrBusy) && out.Len() == 0:
					busy++
				default:
					t.Errorf("render: err=%v, %d bytes", err, out.Len())
				}
			}()
		}
		wg.Wait()
		t.Logf("wait %v: %d PDFs, %d ErrBusy", wait, ok, busy)
		if ok+busy != 20 || ok < 2 {
			t.Errorf("wait %v: ok=%d busy=%d", wait, ok, busy)
		}
		if wait == time.Minute && busy != 0 {
			t.Errorf("with a long wait every request should get its PDF, %d got ErrBusy", busy)
		}
	}
}

func TestNewRendererDefault(t *testing.T) {
	t.Parallel()
	if c := cap(NewRenderer(0, 0).slots); c < 1 {
		t.Errorf("default slots = %d", c)
	}
}

func TestFilename(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 27, 23, 0, 0, 0, time.UTC)
	valid := regexp.MustCompile(`^[a-z0-9.-]+$`)
	for _, tc := range []struct{ kind, id, want string }{
		{"assignment", "3F2A9C1E-7b4d-4e8a", "tend-assignment-3f2a9c1e-2026-11-27.pdf"},
		{"summary", "42", "tend-summary-42-2026-11-27.pdf"},
		{"../../etc/passwd", "Nguyễn Thị Lan\r\n", "tend-etc-passwd-nguynthl-2026-11-27.pdf"},
		{"", "", "tend-document-2026-11-27.pdf"},
	} {
		got := Filename(tc.kind, tc.id, at)
		if got != tc.want {
			t.Errorf("Filename(%q, %q) = %q, want %q", tc.kind, tc.id, got, tc.want)
		}
		if !valid.MatchString(got) {
			t.Errorf("Filename %q has characters outside [a-z0-9-.]", got)
		}
	}
}

// TestOddDocuments: documents with missing or unexpected data still render.
func TestOddDocuments(t *testing.T) {
	t.Parallel()
	def := fixtureDefinition(t)
	odd := worksheets.Answers{
		"one_word": 42.0, "talked": "maybe", "hard_day": "not a date", "mood": "unknown-value",
		"helpers": "friend", "log": []any{"not a row", map[string]any{"strength": "high"}}, "stress": true,
	}
	for name, render := range map[string]func() (*bytes.Buffer, int, error){
		"empty assignment": func() (*bytes.Buffer, int, error) {
			return renderAssignment(context.Background(), AssignmentDoc{})
		},
		"no definition": func() (*bytes.Buffer, int, error) {
			return renderAssignment(context.Background(), withAnswers(AssignmentDoc{}, nil, odd))
		},
		"odd answer types": func() (*bytes.Buffer, int, error) {
			doc := withAnswers(AssignmentDoc{Scores: []worksheets.ScaleScore{{Title: "Unscored", Note: "too few answers"}}}, def, odd)
			return renderAssignment(context.Background(), doc)
		},
		"hand-built sections": func() (*bytes.Buffer, int, error) {
			return renderAssignment(context.Background(), AssignmentDoc{Sections: []worksheets.ReadableSection{{Items: []worksheets.ReadableItem{
				{Prompt: "", Text: "no prompt"},
				{Prompt: "Empty table", Table: &worksheets.ReadableTable{}},
				{Prompt: "Ragged table", Table: &worksheets.ReadableTable{Columns: []string{"A", "B"},
					Rows: [][]worksheets.ReadableCell{{{Text: "one"}}, {{Text: "x"}, {Text: "y"}, {Text: "extra"}}}}},
			}}}})
		},
		"empty summary": func() (*bytes.Buffer, int, error) {
			return renderSummary(context.Background(), SummaryDoc{})
		},
		"odd trends": func() (*bytes.Buffer, int, error) {
			return renderSummary(context.Background(), SummaryDoc{Trends: []Trend{
				{ScaleTitle: "Flat", Min: 5, Max: 5, Points: []TrendPoint{{At: fixedNow, Value: 5}}},
				{ScaleTitle: "Same day", Min: 0, Max: 10, Points: []TrendPoint{{At: fixedNow, Value: 12}, {At: fixedNow, Value: -3}}},
				{ScaleTitle: "None", Min: 0, Max: 10},
				{ScaleTitle: "Bands outside", Min: 0, Max: 10, Scale: &worksheets.Scale{Bands: []worksheets.Band{
					{Max: ptrF(-5), Label: "below"}, {Max: ptrF(20), Label: "above"}, {Label: "top"}}},
					Points: []TrendPoint{{At: fixedNow, Value: 4}}},
			}})
		},
	} {
		buf, pages, err := render()
		if err != nil || pages < 1 || !bytes.HasPrefix(buf.Bytes(), []byte("%PDF-")) {
			t.Errorf("%s: pages=%d err=%v", name, pages, err)
		}
	}
}

func TestCancelledRender(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, _, err := renderAssignment(ctx, fixtureAssignment(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
