package fill_test

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestOneWordForRequired: the client's pages say "(required)" and never
// the other word ("needed"): templates, scripts, view models, the client
// room and the answer checker's messages.
func TestOneWordForRequired(t *testing.T) {
	t.Parallel()
	var files []string
	for _, glob := range []string{"../../templates/client/*.html", "../../templates/layouts/client.html",
		"../../templates/static/fill*.js", "../../views/*.go", "*.go", "../../worksheets/answers.go"} {
		m, err := filepath.Glob(glob)
		if err != nil || len(m) == 0 {
			t.Fatalf("%s: %v", glob, err)
		}
		files = append(files, m...)
	}
	other := regexp.MustCompile(`(?i)\bneeded\b`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := other.FindIndex(b); loc != nil {
			t.Errorf("%s says %q: the client's word for required is “(required)”", f, b[loc[0]:loc[1]])
		}
	}
	// The built-in worksheets tell clients which questions are marked
	// (their prompts may say "needed" in its everyday sense).
	lib, _ := filepath.Glob("../../worksheets/library/*.yaml")
	for _, f := range lib {
		b, _ := os.ReadFile(f)
		if m := regexp.MustCompile(`(?i)marked as needed|\(needed\)`).Find(b); m != nil {
			t.Errorf("%s says %q: the client's word for required is “(required)”", f, m)
		}
	}
	fc := newFill(t, testenv.Databases(t)[0], "weekly-connection-checkin") // it has required questions
	if page := fc.mustOpen(); !strings.Contains(page, `Questions marked “(required)”`) || !strings.Contains(page, `<span class="req">(required)</span>`) {
		t.Error("the form does not mark required questions with “(required)”")
	}
}
