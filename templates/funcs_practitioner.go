package templates

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// practitionerFuncs are template functions used by the practitioner pages.
// They return plain strings and structs only: the templates escape them.
func practitionerFuncs() template.FuncMap {
	return template.FuncMap{
		"when":        when,
		"day":         day,
		"dueDate":     dueDate,
		"statusLabel": models.StatusLabel,
		"outboxLabel": outboxLabel,
		"outboxKind":  outboxKind,
		"num":         num,
		"optValue":    optValue,
		"guide":       guideSections,
		"add":         func(a, b int) int { return a + b },
		"everyWords":  models.EveryWords,
		"join":        strings.Join,
		"plural": func(n any, one, many string) string {
			if fmt.Sprint(n) == "1" {
				return one
			}
			return many
		},
	}
}

// asTime accepts time.Time and *time.Time (nil or zero → false).
func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t != nil && !t.IsZero() {
			return *t, true
		}
	}
	return time.Time{}, false
}

// when is a moment in the practitioner's zone: "2 Nov 2026, 09:00".
func when(v any, loc *time.Location) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format("2 Jan 2006, 15:04")
}

// day is the date of a moment in the practitioner's zone: "Mon 2 Nov 2026".
func day(v any, loc *time.Location) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	if loc != nil {
		t = t.In(loc)
	}
	return t.Format("Mon 2 Jan 2006")
}

// dueDate prints a stored calendar date (midnight UTC) as it is, with no
// zone shift: "Mon 2 Nov 2026".
func dueDate(v any) string {
	t, ok := asTime(v)
	if !ok {
		return ""
	}
	return t.UTC().Format("Mon 2 Jan 2006")
}

// num prints a number (or *float64) without trailing zeros; "" for nil.
func num(v any) string {
	switch f := v.(type) {
	case float64:
		return worksheets.FormatNumber(f)
	case *float64:
		if f != nil {
			return worksheets.FormatNumber(*f)
		}
	case int:
		return strconv.Itoa(f)
	}
	return ""
}

// optValue is an option's value as form text.
func optValue(v any) string {
	if s := num(v); s != "" {
		return s
	}
	return fmt.Sprint(v)
}

// GuideSection is a part of a worksheet's practitioner guide: an optional
// heading and its paragraphs and lists.
type GuideSection struct {
	Heading string
	Chunks  []GuideChunk
}

// GuideChunk is a paragraph or a list.
type GuideChunk struct {
	Para string
	List []string
}

// guideSections splits a guide's plain text into sections: blocks are
// separated by blank lines; a block's short first line without closing
// punctuation is its heading; lines starting "- " form a list.
func guideSections(text string) []GuideSection {
	var out []GuideSection
	for _, block := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n\n") {
		lines := strings.Split(strings.TrimSpace(block), "\n")
		if len(lines) == 0 || lines[0] == "" {
			continue
		}
		var s GuideSection
		if first := strings.TrimSpace(lines[0]); len(lines) > 1 && len(first) <= 60 && !strings.HasPrefix(first, "- ") &&
			!strings.ContainsAny(first[len(first)-1:], ".:!?\"") {
			s.Heading, lines = first, lines[1:]
		}
		for _, l := range lines {
			l = strings.TrimSpace(l)
			switch {
			case l == "":
			case strings.HasPrefix(l, "- "):
				if n := len(s.Chunks); n > 0 && s.Chunks[n-1].List != nil {
					s.Chunks[n-1].List = append(s.Chunks[n-1].List, l[2:])
				} else {
					s.Chunks = append(s.Chunks, GuideChunk{List: []string{l[2:]}})
				}
			default:
				s.Chunks = append(s.Chunks, GuideChunk{Para: l})
			}
		}
		out = append(out, s)
	}
	return out
}

var outboxLabels = map[string]string{models.OutboxQueued: "Waiting", models.OutboxSending: "Sending", models.OutboxSent: "Sent",
	models.OutboxFailed: "Failed", models.OutboxUnsure: "Not sure", models.OutboxSkipped: "Not needed"}

// outboxLabel is an outbox state in words.
func outboxLabel(s string) string {
	if l, ok := outboxLabels[s]; ok {
		return l
	}
	return s
}

var outboxKinds = map[string]string{models.MailInvitation: "Invitation", models.MailReminder: "Reminder",
	models.MailOverdue: "Reminder (after the due date)", models.MailFlagAlert: "Flag alert", models.MailDigest: "Daily summary",
	models.MailTest: "Test email", models.MailWebhook: "Alert webhook"}

// outboxKind is a message kind in words.
func outboxKind(k string) string {
	if l, ok := outboxKinds[k]; ok {
		return l
	}
	return k
}
