package reports

import (
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/jung-kurt/gofpdf"
	"golang.org/x/image/font/sfnt"
	"golang.org/x/text/unicode/norm"

	"github.com/tend-health/tend/reports/fonts"
)

// Placeholder is drawn instead of a character the embedded font cannot show
// (emoji, anything above U+FFFF, unassigned or private-use code points,
// control characters). It is U+FFFD, which DejaVu Sans has; should a future
// font lack it, "[?]" is used instead (see placeholder()).
const Placeholder = "\uFFFD"

const fallbackPlaceholder = "[?]"

// glyphSet records which BMP runes have a real glyph (GlyphIndex != 0) in
// BOTH embedded fonts, so a string may be drawn in either weight.
type glyphSet struct {
	bits [0x10000 / 64]uint64
}

func (g *glyphSet) has(r rune) bool {
	if r < 0 || r > 0xFFFF {
		return false
	}
	return g.bits[r/64]&(1<<(uint(r)%64)) != 0
}

// typefaces are the embedded fonts, parsed once per process and then only
// read, by any number of renders at once.
type typefaces struct {
	glyphs        *glyphSet        // the runes both weights can draw
	regular, bold *gofpdf.UTF8Font // as gofpdf embeds them
}

var loadFonts = sync.OnceValues(func() (*typefaces, error) {
	tf := &typefaces{glyphs: &glyphSet{}}
	for i := range tf.glyphs.bits {
		tf.glyphs.bits[i] = ^uint64(0)
	}
	for _, f := range []struct {
		name string
		ttf  []byte
		dst  **gofpdf.UTF8Font
	}{{"DejaVuSans", fonts.Regular, &tf.regular}, {"DejaVuSans-Bold", fonts.Bold, &tf.bold}} {
		font, err := sfnt.Parse(f.ttf)
		if err != nil {
			return nil, fmt.Errorf("reports: parse font %s: %w", f.name, err)
		}
		var buf sfnt.Buffer
		for r := rune(0); r <= 0xFFFF; r++ {
			gi, err := font.GlyphIndex(&buf, r)
			if err != nil || gi == 0 {
				tf.glyphs.bits[r/64] &^= 1 << (uint(r) % 64)
			}
		}
		if *f.dst, err = gofpdf.ParseUTF8Font(f.ttf); err != nil {
			return nil, fmt.Errorf("reports: parse font %s for the PDF: %w", f.name, err)
		}
	}
	return tf, nil
})

// coverage returns the runes both embedded fonts can draw.
func coverage() (*glyphSet, error) {
	tf, err := loadFonts()
	if err != nil {
		return nil, err
	}
	return tf.glyphs, nil
}

// placeholder is the replacement string for undrawable characters.
func placeholder(g *glyphSet) string {
	if g.has('\uFFFD') {
		return Placeholder
	}
	return fallbackPlaceholder
}

// dropped reports runes that are removed outright: they are invisible by
// design (zero-width, variation selectors, bidi controls, emoji modifiers
// and tags), so a placeholder for them would only add noise.
func dropped(r rune) bool {
	switch {
	case r == '\u00AD', // soft hyphen
		r == '\u034F', // combining grapheme joiner
		r == '\u061C', // Arabic letter mark
		r == '\u180E',
		r >= '\u200B' && r <= '\u200F', // zero-width space/joiners, LRM, RLM
		r >= '\u202A' && r <= '\u202E', // bidi embeddings
		r >= '\u2060' && r <= '\u206F', // word joiner, invisible operators, bidi isolates
		r >= '\uFE00' && r <= '\uFE0F', // variation selectors (incl. FE0E/FE0F)
		r == '\uFEFF',                  // BOM / zero-width no-break space
		r >= 0x1F3FB && r <= 0x1F3FF,   // emoji skin-tone modifiers
		r >= 0xE0000 && r <= 0xE007F,   // tag characters (flag sequences)
		r >= 0xE0100 && r <= 0xE01EF:   // variation selectors supplement
		return true
	}
	return false
}

// clean makes a copy of s that gofpdf can always draw with the embedded
// fonts: NFC, "\r\n"/"\r"/U+2028/U+2029 become "\n", a tab becomes four
// spaces, invisible format characters are dropped and every other rune the
// fonts cannot draw becomes the placeholder. The input is never modified.
func clean(s string) string {
	g, err := coverage()
	if err != nil || g == nil {
		// Without glyph data keep only printable ASCII: still never fails.
		return asciiOnly(s)
	}
	ph := placeholder(g)
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		// An invalid byte decodes as U+FFFD, i.e. as the placeholder.
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				i++
			}
			b.WriteByte('\n')
		case r == '\n', r == '\u2028', r == '\u2029', r == '\u0085':
			b.WriteByte('\n')
		case r == '\t':
			b.WriteString("    ")
		case dropped(r):
		case unicode.IsControl(r) || !g.has(r):
			b.WriteString(ph)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cleanLine is clean for single-line fields (names, titles, labels).
func cleanLine(s string) string {
	return strings.Join(strings.Fields(clean(s)), " ")
}

func asciiOnly(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '\n' || (r >= 0x20 && r < 0x7F):
			b.WriteRune(r)
		default:
			b.WriteString(fallbackPlaceholder)
		}
	}
	return b.String()
}
