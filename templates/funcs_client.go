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

var urlRe = regexp.MustCompile(`https?://[^\s<>"']+[^\s<>"'.,;:!?)]`)

// linkify escapes text and turns its http(s) URLs into links. It is for
// text the operator configured (the crisis contacts), never for answers.
func linkify(s string) template.HTML {
	var b strings.Builder
	rest := s
	for {
		loc := urlRe.FindStringIndex(rest)
		if loc == nil {
			b.WriteString(html.EscapeString(rest))
			break
		}
		b.WriteString(html.EscapeString(rest[:loc[0]]))
		u := html.EscapeString(rest[loc[0]:loc[1]])
		b.WriteString(`<a href="` + u + `" rel="noopener noreferrer">` + u + `</a>`)
		rest = rest[loc[1]:]
	}
	return template.HTML(b.String()) // every piece above is escaped
}

// longDate says a date the way people write it: "Tuesday 10 November 2026".
func longDate(t *time.Time) string {
	if t == nil || t.IsZero() {
		return ""
	}
	return t.Format("Monday 2 January 2006")
}
