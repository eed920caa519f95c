package models

import (
	"path/filepath"
	"slices"
	"testing"
)

// TestErasureCoversEveryTable: every table with a client_id or an
// assignment_id column is one that EraseClient empties of the client's
// rows. A new table about clients (schedules, home links, an email
// outbox…) fails here until it joins erasedByClient or erasedByAssignment
// in erase.go.
func TestErasureCoversEveryTable(t *testing.T) {
	t.Parallel()
	db, err := Open("sqlite:" + filepath.Join(t.TempDir(), "tend.db"))
	if err != nil {
		t.Fatal(err)
	}
	if err := Migrate(db); err != nil {
		t.Fatal(err)
	}
	tables, err := db.Migrator().GetTables()
	if err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		cols, err := db.Migrator().ColumnTypes(tb)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cols {
			switch c.Name() {
			case "client_id":
				if !slices.Contains(erasedByClient, tb) {
					t.Errorf("table %s has client_id but erasure does not empty it: add it to erasedByClient (models/erase.go)", tb)
				}
			case "assignment_id":
				if !slices.Contains(erasedByAssignment, tb) && !slices.Contains(erasedByClient, tb) {
					t.Errorf("table %s has assignment_id but erasure does not empty it: add it to erasedByAssignment (models/erase.go)", tb)
				}
			}
		}
	}
	for _, tb := range append(slices.Clone(erasedByAssignment), erasedByClient...) {
		if !slices.Contains(tables, tb) {
			t.Errorf("erasure lists %s, which is not a table", tb)
		}
	}
}
