package templates

import "strings"

// A page (or part) whose markup depends little on its data can be rendered
// once with markers in place of its values ("holes"), cut at the markers
// (Cut), and then written per request by copying the fragments and filling
// the holes: a string value escaped with EscapeText, exactly as
// html/template would have escaped it there, or markup the caller made.
//
// Markers are private-use characters that html/template leaves as they are
// in HTML text and quoted attribute values. A text hole carries a probe of
// every character whose escaping differs between contexts: Cut accepts it
// only where html/template escaped the probe exactly as EscapeText does,
// so a value never lands, unescaped or escaped the wrong way, in a script,
// a URL or an unquoted attribute.
const (
	holeOpen  = "\uE000"
	holeRaw   = "\uE001" // closes a raw hole's name
	holeText  = "\uE002" // closes a text hole's name; the probe follows
	holeProbe = "\x00 \"&'+<=>`\\/"
)

// Hole marks a place named name that is filled with markup (for example
// an attribute, given to the template as template.HTMLAttr).
func Hole(name string) string { return holeOpen + name + holeRaw }

// TextHole marks a place named name where a string value goes, in HTML
// text, RCDATA (title, textarea) or a quoted attribute value.
func TextHole(name string) string { return holeOpen + name + holeText + holeProbe }

// Cut is what a template rendered with holes made: Parts[i] comes before
// Holes[i], and the last part after the last hole.
type Cut struct {
	Parts []string
	Holes []CutHole
}

// CutHole is one hole: its name, and whether it takes escaped text.
type CutHole struct {
	Name string
	Text bool
}

var escapedProbe = string(EscapeText(nil, holeProbe))

// CutHoles cuts rendered markup at its holes. ok is false when a marker is
// broken (the template changed it) or a text hole sits where html/template
// escapes otherwise than EscapeText: the caller then renders with the
// template. A hole whose marker html/template escaped (in a URL) is not
// found at all: callers check that every hole they marked is there.
func CutHoles(s string) (cut Cut, ok bool) {
	for {
		i := strings.Index(s, holeOpen)
		if i < 0 {
			break
		}
		if strings.ContainsAny(s[:i], holeRaw+holeText) {
			return Cut{}, false
		}
		cut.Parts = append(cut.Parts, s[:i])
		s = s[i+len(holeOpen):]
		j := strings.IndexAny(s, holeRaw+holeText+holeOpen)
		if j < 0 || strings.HasPrefix(s[j:], holeOpen) {
			return Cut{}, false
		}
		h := CutHole{Name: s[:j], Text: strings.HasPrefix(s[j:], holeText)}
		s = s[j+len(holeRaw):] // both closers are 3 bytes
		if h.Text {
			if !strings.HasPrefix(s, escapedProbe) {
				return Cut{}, false
			}
			s = s[len(escapedProbe):]
		}
		cut.Holes = append(cut.Holes, h)
	}
	if strings.ContainsAny(s, holeRaw+holeText) {
		return Cut{}, false
	}
	cut.Parts = append(cut.Parts, s)
	return cut, true
}

// EscapeText appends s to b escaped exactly as html/template escapes a
// string in HTML text, RCDATA or a quoted attribute value.
func EscapeText(b []byte, s string) []byte {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case 0:
			esc = "\uFFFD"
		case '"':
			esc = "&#34;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '+':
			esc = "&#43;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		default:
			continue
		}
		b = append(b, s[last:i]...)
		b = append(b, esc...)
		last = i + 1
	}
	return append(b, s[last:]...)
}
