package models

import (
	"fmt"
	"io/fs"
	"reflect"
	"testing"
)

// TestMigrationFilesMatchTheList: every step has a file per dialect, every
// file is a listed step, and the ids run 1, 2, 3… with no gap.
func TestMigrationFilesMatchTheList(t *testing.T) {
	t.Parallel()
	var listed []string
	for i, m := range migrations {
		if m.ID != i+1 {
			t.Fatalf("step %d has id %d: ids must run 1, 2, 3…", i+1, m.ID)
		}
		if want := fmt.Sprintf("%04d_", m.ID); len(m.File) < 5 || m.File[:5] != want {
			t.Errorf("step %d: file %q should start with %q", m.ID, m.File, want)
		}
		listed = append(listed, m.File)
	}
	for _, dialect := range []string{"sqlite", "postgres"} {
		files, err := fs.Glob(migrationFiles, "migrations/"+dialect+"/*.sql")
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, f := range files {
			names = append(names, f[len("migrations/"+dialect+"/"):])
		}
		if !reflect.DeepEqual(names, listed) {
			t.Errorf("%s: files %v, steps list %v", dialect, names, listed)
		}
	}
}

func TestStatements(t *testing.T) {
	t.Parallel()
	got := statements("-- head\nCREATE TABLE a (x text DEFAULT '');\n\n  -- note\nCREATE INDEX i\n  ON a (x);\nSELECT 1")
	want := []string{"CREATE TABLE a (x text DEFAULT '');", "CREATE INDEX i\n  ON a (x);", "SELECT 1"}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %q", got)
	}
}
