package reports

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// requireTool skips when a poppler tool is missing (CI installs
// poppler-utils, so there these tests always run).
func requireTool(t testing.TB, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		t.Skipf("%s not on PATH (install poppler-utils): skipping PDF read-back test", name)
	}
}

func writeTemp(t testing.TB, pdf []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(p, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func run(t testing.TB, name string, args ...string) string {
	t.Helper()
	out, err := exec.Command(name, args...).CombinedOutput()
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// pdfText is pdftotext in content-stream order (-raw), so each table cell
// and each wrapped answer comes out as one run; pages end with \f.
func pdfText(t testing.TB, pdf []byte) string {
	requireTool(t, "pdftotext")
	return run(t, "pdftotext", "-raw", "-enc", "UTF-8", writeTemp(t, pdf), "-")
}

func pdfPages(t testing.TB, pdf []byte) int {
	requireTool(t, "pdfinfo")
	m := regexp.MustCompile(`(?m)^Pages:\s+(\d+)`).FindStringSubmatch(run(t, "pdfinfo", writeTemp(t, pdf)))
	if m == nil {
		t.Fatal("pdfinfo: no page count")
	}
	n, _ := strconv.Atoi(m[1])
	return n
}

// collapse turns every run of whitespace into one space.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }

// body drops the footer and running-header lines so that text flowing
// across a page break reads as one run again.
func body(text, runningPrefix string) string {
	var keep []string
	for _, line := range strings.Split(text, "\n") {
		c := collapse(line)
		if strings.Contains(c, "Confidential — client information") || strings.HasPrefix(c, runningPrefix) {
			continue
		}
		keep = append(keep, line)
	}
	return collapse(strings.Join(keep, "\n"))
}

// subsequence reports whether the words of want appear in order in have.
func subsequence(have, want string) bool {
	hw, ww := strings.Fields(have), strings.Fields(want)
	i := 0
	for _, w := range hw {
		if i < len(ww) && w == ww[i] {
			i++
		}
	}
	return i == len(ww)
}

func renderBytes(t testing.TB, f func(context.Context) (*bytes.Buffer, int, error)) ([]byte, int) {
	t.Helper()
	buf, pages, err := f(context.Background())
	if err != nil {
		t.Fatalf("render: %v", err)
	}
	return buf.Bytes(), pages
}

func assertSafePDF(t *testing.T, pdf []byte) {
	t.Helper()
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("not a PDF: %q", pdf[:min(16, len(pdf))])
	}
	for _, bad := range []string{"/JavaScript", "/OpenAction", "/Launch", "/JS ", "/AA "} {
		if bytes.Contains(pdf, []byte(bad)) {
			t.Errorf("PDF contains %s", bad)
		}
	}
}

// assertFonts checks pdffonts: both DejaVu weights embedded, with a
// ToUnicode map (copy-paste and search work).
func assertFonts(t *testing.T, pdf []byte) {
	t.Helper()
	requireTool(t, "pdffonts")
	out := run(t, "pdffonts", writeTemp(t, pdf))
	found := 0
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || !strings.Contains(strings.ToLower(f[0]), "dejavu") {
			continue
		}
		found++
		emb, uni := f[len(f)-5], f[len(f)-3]
		if emb != "yes" || uni != "yes" {
			t.Errorf("font %s: emb=%s uni=%s, want yes/yes\n%s", f[0], emb, uni, out)
		}
	}
	if found < 2 {
		t.Errorf("want DejaVu regular and bold embedded, pdffonts:\n%s", out)
	}
}
