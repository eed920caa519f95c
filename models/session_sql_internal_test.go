package models

import (
	"slices"
	"strings"
	"sync"
	"testing"

	"gorm.io/gorm/schema"
)

// TestPractitionerColumns: the signed-in read (session_sql.go) lists every
// column of practitioners, so a field added to Practitioner is never left
// empty on the signed-in account; and scans each into a field.
func TestPractitionerColumns(t *testing.T) {
	sch, err := schema.Parse(&Practitioner{}, &sync.Map{}, schema.NamingStrategy{})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, f := range sch.Fields {
		if f.DBName != "" {
			want = append(want, f.DBName)
		}
	}
	var got []string
	for _, c := range strings.Split(practitionerColumns, ",") {
		got = append(got, strings.TrimPrefix(strings.TrimSpace(c), "p."))
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("practitionerColumns lists %v\nPractitioner has %v", got, want)
	}
	var sc practitionerScan
	if n := len(sc.dest(&Practitioner{})); n != len(got) {
		t.Errorf("%d columns, %d places to scan them", len(got), n)
	}
}
