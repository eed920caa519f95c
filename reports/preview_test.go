package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestPreview renders both fixture PDFs and their pages as PNG for a person
// to look at:
//
//	TEND_PREVIEW_DIR=/tmp/pdfprev go test ./reports -run TestPreview
func TestPreview(t *testing.T) {
	t.Parallel()
	dir := os.Getenv("TEND_PREVIEW_DIR")
	if dir == "" {
		t.Skip("set TEND_PREVIEW_DIR=/tmp/pdfprev to write fixture PDFs and PNG previews (go test ./reports -run TestPreview)")
	}
	requireTool(t, "pdftoppm")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, render := range map[string]func(context.Context) (*bytes.Buffer, int, error){
		"assignment": func(ctx context.Context) (*bytes.Buffer, int, error) {
			return renderAssignment(ctx, fixtureAssignment(t))
		},
		"summary": func(ctx context.Context) (*bytes.Buffer, int, error) { return renderSummary(ctx, fixtureSummary(t)) },
		"summary-tally": func(ctx context.Context) (*bytes.Buffer, int, error) {
			return renderSummary(ctx, fixtureTallySummary(t))
		},
		"support-map": func(ctx context.Context) (*bytes.Buffer, int, error) {
			sm, _ := fixtureDrawings(t)
			return renderAssignment(ctx, sm)
		},
		"timeline": func(ctx context.Context) (*bytes.Buffer, int, error) {
			_, tl := fixtureDrawings(t)
			return renderAssignment(ctx, tl)
		},
		"summary-client-brief": func(ctx context.Context) (*bytes.Buffer, int, error) {
			doc := fixtureSummary(t)
			doc.ClientCopy, doc.Answers = true, false
			return renderSummary(ctx, doc)
		},
	} {
		pdf, pages := renderBytes(t, render)
		p := filepath.Join(dir, name+".pdf")
		if err := os.WriteFile(p, pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, "pdftoppm", "-r", "60", "-png", p, filepath.Join(dir, name))
		t.Logf("%s: %d pages → %s-*.png", p, pages, filepath.Join(dir, name))
	}
}
