package templates

import (
	"html"
	"html/template"
	"regexp"
	"strings"
	"time"
)

// clientFuncs are template functions used by the client pages.
func clientFuncs() template.FuncMap {
	return template.FuncMap{
		"paras":    paras,
		"linkify":  linkify,
		"longdate": longDate,
	}
}

// paras splits text written with line breaks (a YAML block, instructions
// typed by a practitioner) into paragraphs, dropping blank lines.
func paras(s string) []string {
	var out []string
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// linkRe finds what linkify links: an http(s) URL (group 1) or a phone
// number (group 2): 3 to 15 digits, single spaces or dashes between them,
// an optional leading "+" ("112", "116 123", "+44 800 123 4567").
var linkRe = regexp.MustCompile(`(https?://[^\s<>"']+[^\s<>"'.,;:!?)])|(\+?\d(?:[ -]?\d){2,14})`)

// linkify escapes text and turns its http(s) URLs into links and its phone
// numbers into tel: links (built from the digits alone). It is for text
// the operator configured (the crisis contacts), never for answers.
func linkify(s string) template.HTML {
	var b strings.Builder
	last := 0
	for _, m := range linkRe.FindAllStringSubmatchIndex(s, -1) {
		start, end := m[0], m[1]
		if m[2] < 0 && !phoneEdges(s, start, end) {
			continue // digits inside a word or a longer number: not a phone number
		}
		b.WriteString(html.EscapeString(s[last:start]))
		text := html.EscapeString(s[start:end])
		if m[2] >= 0 {
			b.WriteString(`<a href="` + text + `" rel="noopener noreferrer">` + text + `</a>`)
		} else {
			b.WriteString(`<a href="tel:` + telDigits(s[start:end]) + `">` + text + `</a>`)
		}
		last = end
	}
	b.WriteString(html.EscapeString(s[last:]))
	return template.HTML(b.String()) // every piece above is escaped; tel: holds only + and digits
}

// phoneEdges reports whether s[start:end] stands alone: no letter or digit
// right before or after it.
func phoneEdges(s string, start, end int) bool {
	word := func(c byte) bool { return c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
	return (start == 0 || !word(s[start-1])) && (end == len(s) || !word(s[end]))
}

// telDigits is a phone number as a tel: URI wants it: "+" and digits only.
func telDigits(p string) string {
	var b strings.Builder
	for i, r := range p {
		if r >= '0' && r <= '9' || (r == '+' && i == 0) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// longDate says a date the way people write it: "Tuesday 10 November 2026".
func longDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format("Monday 2 January 2006")
}
