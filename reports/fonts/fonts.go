// Package fonts holds the two typefaces the PDFs are set in: DejaVu Sans
// and DejaVu Sans Bold, cut down (subset.sh, reproducible) to the scripts
// Tend prints: Latin in full (Vietnamese included), Greek, Cyrillic,
// Armenian, Georgian, combining marks, punctuation, currency, arrows,
// mathematical operators, box drawing, shapes, symbols, dingbats and
// U+FFFD. Left out are scripts gofpdf cannot set properly anyway
// (right-to-left Hebrew and Arabic, which need shaping; Lao, N'Ko,
// Tifinagh, Canadian syllabics, Ogham) and Braille; reports draws the
// placeholder for any of their characters. Hinting and layout tables are
// dropped: a PDF viewer scales outlines and gofpdf uses neither.
//
// Fewer glyphs make parsing and cutting a subset cheaper: reports parses
// both fonts once per process and gofpdf (third_party/gofpdf) cuts each
// document's subset from them. The licence (LICENSE) allows
// the change; the family names contain neither "Bitstream" nor "Vera".
package fonts

import _ "embed"

// Regular is DejaVu Sans, subset (TrueType).
//
//go:embed DejaVuSans.ttf
var Regular []byte

// Bold is DejaVu Sans Bold, subset (TrueType).
//
//go:embed DejaVuSans-Bold.ttf
var Bold []byte
