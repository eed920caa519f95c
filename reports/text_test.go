package reports

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"github.com/tend-health/tend/reports/fonts"
	"github.com/tend-health/tend/worksheets"
)

// vietnameseLetters builds the alphabet programmatically: the 12 vowels
// (a ă â e ê i o ô ơ u ư y) with no tone and with each of the 5 tone marks
// (grave, acute, hook above, tilde, dot below), composed with NFC, plus the
// 17 consonants including đ, in lower and upper case: (12×6 + 17) × 2 = 178.
// (The 144 vowel forms and đ/Đ are the part other fonts miss.)
func vietnameseLetters() []string {
	bases := []string{"a", "a\u0306", "a\u0302", "e", "e\u0302", "i", "o", "o\u0302", "o\u031B", "u", "u\u031B", "y"}
	tones := []string{"", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
	var out []string
	for _, b := range bases {
		for _, tone := range tones {
			out = append(out, norm.NFC.String(b+tone))
		}
	}
	out = append(out, strings.Split("b c d đ g h k l m n p q r s t v x", " ")...)
	n := len(out)
	for _, s := range out[:n] {
		out = append(out, strings.ToUpper(s))
	}
	return out
}

func TestVietnameseGlyphCoverage(t *testing.T) {
	t.Parallel()
	letters := vietnameseLetters()
	if len(letters) != 178 {
		t.Fatalf("built %d letters, want 178", len(letters))
	}
	seen := map[string]bool{}
	for _, l := range letters {
		if utf8.RuneCountInString(l) != 1 {
			t.Errorf("%q does not compose to one code point under NFC", l)
		}
		if seen[l] {
			t.Errorf("duplicate letter %q", l)
		}
		seen[l] = true
	}
	for _, f := range []struct {
		name string
		ttf  []byte
	}{{"DejaVuSans", fonts.Regular}, {"DejaVuSans-Bold", fonts.Bold}} {
		font, err := sfnt.Parse(f.ttf)
		if err != nil {
			t.Fatal(err)
		}
		var buf sfnt.Buffer
		for _, l := range letters {
			r, _ := utf8.DecodeRuneInString(l)
			gi, err := font.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				t.Errorf("%s has no glyph for %q (U+%04X)", f.name, l, r)
			}
		}
	}
	// The sanitiser must keep every one of them.
	all := strings.Join(letters, " ")
	if got := clean(all); got != all {
		t.Errorf("clean changed Vietnamese letters: %q", got)
	}
}

// TestVietnameseRendered draws all letters in both weights and rasterises
// the page with pdftoppm (tofu would only show there, not in pdftotext).
func TestVietnameseRendered(t *testing.T) {
	t.Parallel()
	requireTool(t, "pdftoppm")
	answers := fixtureAnswers(10, 1, 0)
	answers["one_word"] = strings.Join(vietnameseLetters(), " ")
	doc := withAnswers(fixtureMeta(), fixtureDefinition(t), answers)
	doc.Notes = []NoteView{{At: fixedNow, Text: strings.Join(vietnameseLetters(), "")}}
	pdf, _ := renderBytes(t, func(ctx context.Context) (*bytes.Buffer, int, error) { return renderAssignment(ctx, doc) })
	dir := t.TempDir()
	in := filepath.Join(dir, "vi.pdf")
	if err := os.WriteFile(in, pdf, 0o600); err != nil {
		t.Fatal(err)
	}
	out := run(t, "pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", in, filepath.Join(dir, "vi"))
	if strings.Contains(strings.ToLower(out), "error") {
		t.Errorf("pdftoppm reported: %s", out)
	}
	matches, _ := filepath.Glob(filepath.Join(dir, "vi-*.png"))
	if len(matches) != 1 {
		t.Fatalf("pdftoppm made %d images", len(matches))
	}
	if st, err := os.Stat(matches[0]); err != nil || st.Size() < 1000 {
		t.Fatalf("page image missing or empty: %v", err)
	}
	if text := collapse(pdfText(t, pdf)); !strings.Contains(text, strings.Join(vietnameseLetters(), " ")) {
		t.Error("Vietnamese letters do not round-trip through pdftotext")
	}
}

func TestClean(t *testing.T) {
	t.Parallel()
	g, err := coverage()
	if err != nil {
		t.Fatal(err)
	}
	if !g.has('\uFFFD') {
		t.Fatal("the fonts lack U+FFFD; the placeholder would fall back to [?]")
	}
	ph := Placeholder
	for _, tc := range []struct{ in, want string }{
		{"Tiếng Việt", "Tiếng Việt"},
		{norm.NFD.String("Tiếng Việt"), "Tiếng Việt"},
		{"Vui 😊 👍", "Vui " + ph + " " + ph},
		{"❤️ ❤︎", "❤ ❤"},
		{"👍🏽", ph},
		{"a\u200Bb\u200Dc\uFEFFd\u00ADe", "abcde"},
		{"a\r\nb\rc\u2028d", "a\nb\nc\nd"},
		{"a\tb", "a    b"},
		{"a\x00b\x1bc\u0085d", "a" + ph + "b" + ph + "c\nd"},
		{"bad \xff byte", "bad " + ph + " byte"},
		{"\uE000 private", ph + " private"},
		{"𝔘 math", ph + " math"},
		{"Zażółć gęślą jaźń Šťastný Spaziergänge œuvre", "Zażółć gęślą jaźń Šťastný Spaziergänge œuvre"},
	} {
		if got := clean(tc.in); got != tc.want {
			t.Errorf("clean(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPromisedScripts: the embedded fonts are a subset (reports/fonts);
// every script and sign the PDFs promise must survive clean in both
// weights, and a left-out script becomes the placeholder, never tofu.
func TestPromisedScripts(t *testing.T) {
	t.Parallel()
	for _, s := range []string{
		"Zażółć gęślą jaźń Šťastný Spaziergänge œuvre ÆØÅ ß ğış Ţ",
		"Καλημέρα, ευχαριστώ ΑΩ",       // Greek
		"Привет, як справи? Ђ Ї Ў Ғ Ә", // Cyrillic (Russian, Ukrainian, Serbian, Kazakh)
		"Բարեւ ქართული",                // Armenian, Georgian
		"— – … · • “” ‘’ « » € £ ¥ № ™ ½ ⁴ ×÷ ± ≤ ≥ ≠ − → ← ↑ ↓ ✓ ✗ ❤ ★ ■ □ ● ○ ▲ ▼ ┼ ─",
	} {
		if got := clean(s); got != s {
			t.Errorf("clean(%q) = %q: a promised character became the placeholder", s, got)
		}
	}
	if got := clean("שלום سلام"); got != strings.Repeat(Placeholder, 4)+" "+strings.Repeat(Placeholder, 4) {
		t.Errorf("clean of a left-out script = %q, want placeholders", got)
	}
}

// FuzzRender: no input text may make a render fail.
func FuzzRender(f *testing.F) {
	for _, s := range []string{emojiAnswer, "\x00\xff\ufffe", "((\\))", strings.Repeat("x", 3000), "\n\n\n\t"} {
		f.Add(s)
	}
	def := fixtureDefinition(f)
	f.Fuzz(func(t *testing.T, s string) {
		doc := withAnswers(AssignmentDoc{ClientName: s, Status: s}, def, worksheets.Answers{"one_word": s, "week_story": s,
			"helpers": []any{s}, "log": []any{map[string]any{"thought": s, "when": s}}})
		if _, _, err := renderAssignment(context.Background(), doc); err != nil {
			t.Fatalf("render failed for %q: %v", s, err)
		}
	})
}
