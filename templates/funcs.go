package templates

import (
	"html/template"
	"maps"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// Funcs is every template function: shared ones here, page-specific ones in
// funcs_client.go and funcs_practitioner.go.
func Funcs() template.FuncMap {
	f := template.FuncMap{
		// notAnswered is what every surface says for a question left empty.
		"notAnswered": func() string { return worksheets.NotAnswered },
		"date": func(t any) string {
			switch v := t.(type) {
			case time.Time:
				if v.IsZero() {
					return ""
				}
				return v.Format("2 Jan 2006")
			case *time.Time:
				if v == nil || v.IsZero() {
					return ""
				}
				return v.Format("2 Jan 2006")
			}
			return ""
		},
		"datetime": func(t time.Time, loc *time.Location) string {
			if t.IsZero() {
				return ""
			}
			if loc != nil {
				t = t.In(loc)
			}
			return t.Format("2 Jan 2006, 15:04")
		},
		"isodate": func(t *time.Time) string {
			if t == nil {
				return ""
			}
			return t.Format("2006-01-02")
		},
	}
	maps.Copy(f, clientFuncs())
	maps.Copy(f, practitionerFuncs())
	return f
}
