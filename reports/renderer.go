package reports

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ErrBusy means every render slot stayed taken for longer than the wait;
// the HTTP layer answers 503 with Retry-After.
var ErrBusy = errors.New("reports: all PDF render slots are busy")

// Renderer renders PDFs, at most maxConcurrent at a time: a render and the
// loading of its data take CPU and memory that grow with the document, so
// a burst of requests waits for a slot or fails fast with ErrBusy instead
// of exhausting memory. It is safe for concurrent use.
type Renderer struct {
	slots   chan struct{}
	wait    time.Duration
	waiting atomic.Int64  // requests waiting for a slot now
	refused atomic.Uint64 // ErrBusy answers since start
}

// NewRenderer returns a Renderer running at most maxConcurrent renders at
// once (runtime.NumCPU() when maxConcurrent <= 0); a render waits up to
// wait for a slot before giving up with ErrBusy.
func NewRenderer(maxConcurrent int, wait time.Duration) *Renderer {
	if maxConcurrent <= 0 {
		maxConcurrent = runtime.NumCPU()
	}
	return &Renderer{slots: make(chan struct{}, maxConcurrent), wait: wait}
}

func (r *Renderer) acquire(ctx context.Context) error {
	select {
	case r.slots <- struct{}{}:
		return nil
	default:
	}
	if r.wait <= 0 {
		r.refused.Add(1)
		return ErrBusy
	}
	r.waiting.Add(1)
	defer r.waiting.Add(-1)
	t := time.NewTimer(r.wait)
	defer t.Stop()
	select {
	case r.slots <- struct{}{}:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		r.refused.Add(1)
		return ErrBusy
	}
}

// Slots is how many renders may run at once.
func (r *Renderer) Slots() int { return cap(r.slots) }

// InUse is how many renders are running now.
func (r *Renderer) InUse() int { return len(r.slots) }

// Waiting is how many requests are waiting for a render slot now.
func (r *Renderer) Waiting() int { return int(r.waiting.Load()) }

// Refused is how many requests gave up with ErrBusy since start.
func (r *Renderer) Refused() uint64 { return r.refused.Load() }

func (r *Renderer) release() { <-r.slots }

// Slot is one held render slot. A caller takes it before loading a
// document's data, so the slots bound the memory of loading too, not only
// of rendering; Release frees it (safe to call more than once).
type Slot struct {
	r    *Renderer
	once sync.Once
}

// Acquire takes a render slot, waiting up to the renderer's wait (then
// ErrBusy). Release it when done, typically with defer.
func (r *Renderer) Acquire(ctx context.Context) (*Slot, error) {
	if err := r.acquire(ctx); err != nil {
		return nil, err
	}
	return &Slot{r: r}, nil
}

// Release frees the slot; later calls do nothing.
func (s *Slot) Release() { s.once.Do(s.r.release) }

// WriteAssignment renders one assignment in the held slot, frees the slot
// and writes the whole PDF to w; nothing is written if rendering fails.
func (s *Slot) WriteAssignment(ctx context.Context, w io.Writer, doc AssignmentDoc) error {
	return s.write(w, func() (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) })
}

// WriteSummary renders a session summary in the held slot, frees the slot
// and writes the whole PDF to w; nothing is written if rendering fails.
func (s *Slot) WriteSummary(ctx context.Context, w io.Writer, doc SummaryDoc) error {
	return s.write(w, func() (*bytes.Buffer, int, error) { return renderSummary(ctx, doc) })
}

func (s *Slot) write(w io.Writer, render func() (*bytes.Buffer, int, error)) error {
	buf, _, err := render()
	s.Release() // the copy to a slow client does not hold a slot
	if err != nil {
		return err
	}
	if _, err := buf.WriteTo(w); err != nil {
		return fmt.Errorf("reports: write pdf: %w", err)
	}
	return nil
}

// WriteAssignment takes a slot, renders one assignment and writes the whole
// PDF to w (a document already in memory; see Acquire).
func (r *Renderer) WriteAssignment(ctx context.Context, w io.Writer, doc AssignmentDoc) error {
	s, err := r.Acquire(ctx)
	if err != nil {
		return err
	}
	return s.WriteAssignment(ctx, w, doc)
}

// WriteSummary takes a slot, renders a session summary and writes the whole
// PDF to w (a document already in memory; see Acquire).
func (r *Renderer) WriteSummary(ctx context.Context, w io.Writer, doc SummaryDoc) error {
	s, err := r.Acquire(ctx)
	if err != nil {
		return err
	}
	return s.WriteSummary(ctx, w, doc)
}

func renderAssignment(ctx context.Context, doc AssignmentDoc) (*bytes.Buffer, int, error) {
	return render(ctx, doc.Options, doc.title(), func(w *writer) { w.assignment(doc) })
}

func renderSummary(ctx context.Context, doc SummaryDoc) (*bytes.Buffer, int, error) {
	return render(ctx, doc.Options, "Session summary", func(w *writer) { w.summary(doc) })
}

// render runs one document into memory. A panic inside gofpdf is turned
// into an error so one odd document cannot take the server down.
func render(ctx context.Context, opts Options, title string, draw func(*writer)) (buf *bytes.Buffer, pages int, err error) {
	defer func() {
		if p := recover(); p != nil {
			buf, pages, err = nil, 0, fmt.Errorf("reports: render panicked: %v", p)
		}
	}()
	if err := ctx.Err(); err != nil {
		return nil, 0, err
	}
	w, err := newWriter(ctx, opts, title)
	if err != nil {
		return nil, 0, fmt.Errorf("reports: start pdf: %w", err)
	}
	draw(w)
	w.footers()
	pages = w.pdf.PageNo()
	buf = &bytes.Buffer{}
	if err := w.pdf.Output(buf); err != nil {
		return nil, 0, fmt.Errorf("reports: render pdf: %w", err)
	}
	return buf, pages, nil
}

// Filename is the server-made download name, e.g.
// "tend-assignment-3f2a9c1e-2026-11-27.pdf": only [a-z0-9-.], no client
// name, the id shortened to its first 8 ASCII letters or digits.
func Filename(kind string, id string, at time.Time) string {
	kind = slug(kind, 24)
	if kind == "" {
		kind = "document"
	}
	name := "tend-" + kind
	if short := alnum(id, 8); short != "" {
		name += "-" + short
	}
	if at.IsZero() {
		at = time.Now()
	}
	return name + "-" + at.Format("2006-01-02") + ".pdf"
}

// alnum keeps the first max ASCII letters and digits, lower-cased.
func alnum(s string, max int) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if b.Len() >= max {
			break
		}
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// slug keeps ASCII letters and digits (lower-cased), turns anything else
// into single dashes and cuts to max bytes.
func slug(s string, max int) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
			dash = false
		} else if b.Len() > 0 && !dash {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= max {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}
