package models_test

import (
	"fmt"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// openFresh opens a new, empty database of kind db.
func openFresh(t *testing.T, db testenv.DB) (*gorm.DB, string) {
	t.Helper()
	url := testenv.FreshURL(t, db)
	return openURL(t, url), url
}

func openURL(t *testing.T, url string) *gorm.DB {
	t.Helper()
	g, err := models.Open(url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if s, err := g.DB(); err == nil {
			s.Close()
		}
	})
	return g
}

// TestFreshSchemaMatchesModels: the frozen steps build exactly what GORM
// AutoMigrate of today's models builds. It fails when a model changes
// without a new step (or a step without the model).
func TestFreshSchemaMatchesModels(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			migrated, _ := openFresh(t, db)
			if err := models.Migrate(migrated); err != nil {
				t.Fatal(err)
			}
			reference, _ := openFresh(t, db)
			if err := models.AutoMigrateModels(reference); err != nil {
				t.Fatal(err)
			}
			sameSchema(t, "migrated by the steps", describe(t, migrated), "AutoMigrate of the models", describe(t, reference))
		})
	}
}

// TestUpgradeFromAutoMigrateRelease: a database made by a release that ran
// AutoMigrate as step 1 starts unchanged: step 1 does not run again and the
// schema ends equal to a fresh one.
func TestUpgradeFromAutoMigrateRelease(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			old, _ := openFresh(t, db)
			if err := models.MigrateLikeRelease1(old); err != nil {
				t.Fatal(err)
			}
			if err := old.Exec("INSERT INTO settings (key, value) VALUES ('kept', 'yes')").Error; err != nil {
				t.Fatal(err)
			}
			before := appliedSteps(t, old)
			if err := models.Migrate(old); err != nil {
				t.Fatalf("migrating a release-1 database: %v", err)
			}
			after := appliedSteps(t, old)
			if len(after) < 1 || after[0] != before[0] {
				t.Fatalf("step 1 was recorded again: before %q, after %q", before, after)
			}
			var kept int64
			old.Raw("SELECT COUNT(*) FROM settings WHERE key = 'kept'").Scan(&kept)
			if kept != 1 {
				t.Fatal("a row written before the upgrade is gone")
			}
			fresh, _ := openFresh(t, db)
			if err := models.Migrate(fresh); err != nil {
				t.Fatal(err)
			}
			sameSchema(t, "upgraded", describe(t, old), "fresh", describe(t, fresh))
		})
	}
}

// TestConcurrentMigrate: two instances starting at once on one empty
// database both succeed and each step is applied once.
func TestConcurrentMigrate(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			first, url := openFresh(t, db)
			second := openURL(t, url)
			var wg sync.WaitGroup
			errs := make([]error, 2)
			for i, g := range []*gorm.DB{first, second} {
				wg.Add(1)
				go func() { defer wg.Done(); errs[i] = models.Migrate(g) }()
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Fatalf("instance %d: %v", i+1, err)
				}
			}
			// Each step once: as many rows as distinct steps, and the
			// version is the last step's number.
			steps := appliedSteps(t, first)
			ids := map[string]bool{}
			for _, s := range steps {
				ids[strings.Fields(s)[0]] = true
			}
			v, _ := models.SchemaVersion(first)
			if len(ids) != len(steps) || len(steps) == 0 || strings.Fields(steps[len(steps)-1])[0] != fmt.Sprint(v) {
				t.Fatalf("version %d, rows %q", v, steps)
			}
		})
	}
}

// appliedSteps lists schema_migrations as "id name applied_at" lines.
func appliedSteps(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	var rows []struct {
		ID        int
		Name      string
		AppliedAt time.Time
	}
	if err := db.Raw("SELECT id, name, applied_at FROM schema_migrations ORDER BY id").Scan(&rows).Error; err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%d %s %s", r.ID, r.Name, r.AppliedAt.UTC().Format(time.RFC3339Nano)))
	}
	return out
}

// sameSchema fails with the lines only one side has.
func sameSchema(t *testing.T, aName string, a []string, bName string, b []string) {
	t.Helper()
	only := func(x, y []string) []string {
		seen := map[string]bool{}
		for _, s := range y {
			seen[s] = true
		}
		var out []string
		for _, s := range x {
			if !seen[s] {
				out = append(out, s)
			}
		}
		if len(out) == 0 {
			return []string{"(nothing)"}
		}
		return out
	}
	if d1, d2 := only(a, b), only(b, a); d1[0] != "(nothing)" || d2[0] != "(nothing)" {
		t.Fatalf("schemas differ (a model changed without a migration step?)\nonly %s:\n  %s\nonly %s:\n  %s",
			aName, strings.Join(d1, "\n  "), bName, strings.Join(d2, "\n  "))
	}
	if len(a) < 10 {
		t.Fatalf("schema description looks empty: %q", a)
	}
}

// describe returns a normalised, sorted description of the schema: one line
// per table column (type, NOT NULL, default, primary key position) and per
// index (table, columns in order, unique, primary).
func describe(t *testing.T, db *gorm.DB) []string {
	t.Helper()
	type column struct {
		Tbl, Col, Typ, Def string
		NotNull            bool
		PK                 int
	}
	type index struct {
		Tbl, Idx, Cols  string
		Uniq, IsPrimary bool
	}
	var cols []column
	var idxs []index
	var seqs []string
	var err error
	if models.IsSQLite(db) {
		err = db.Raw(`SELECT m.name AS tbl, p.name AS col, p.type AS typ, COALESCE(p.dflt_value, '') AS def, p."notnull" AS not_null, p.pk AS pk
			FROM sqlite_master m, pragma_table_info(m.name) p
			WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`).Scan(&cols).Error
		if err == nil {
			err = db.Raw(`SELECT m.name AS tbl, l.name AS idx, l."unique" AS uniq, l.origin = 'pk' AS is_primary,
				(SELECT group_concat(name, ',') FROM (SELECT i.name FROM pragma_index_info(l.name) i ORDER BY i.seqno)) AS cols
				FROM sqlite_master m, pragma_index_list(m.name) l
				WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'`).Scan(&idxs).Error
		}
	} else {
		err = db.Raw(`SELECT c.relname AS tbl, a.attname AS col, format_type(a.atttypid, a.atttypmod) AS typ,
				COALESCE(pg_get_expr(d.adbin, d.adrelid), '') AS def, a.attnotnull AS not_null,
				COALESCE(array_position(k.conkey, a.attnum), 0) AS pk
			FROM pg_attribute a
			JOIN pg_class c ON c.oid = a.attrelid AND c.relkind = 'r'
			JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
			LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
			LEFT JOIN pg_constraint k ON k.conrelid = c.oid AND k.contype = 'p'
			WHERE a.attnum > 0 AND NOT a.attisdropped`).Scan(&cols).Error
		if err == nil {
			err = db.Raw(`SELECT t.relname AS tbl, i.relname AS idx, x.indisunique AS uniq, x.indisprimary AS is_primary,
				array_to_string(ARRAY(SELECT a.attname FROM unnest(x.indkey::int2[]) WITH ORDINALITY AS k(num, ord)
					JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.num ORDER BY k.ord), ',') AS cols
				FROM pg_index x
				JOIN pg_class i ON i.oid = x.indexrelid
				JOIN pg_class t ON t.oid = x.indrelid
				JOIN pg_namespace n ON n.oid = t.relnamespace AND n.nspname = current_schema()`).Scan(&idxs).Error
		}
		if err == nil {
			err = db.Raw(`SELECT sequence_name FROM information_schema.sequences WHERE sequence_schema = current_schema()`).Scan(&seqs).Error
		}
	}
	if err != nil {
		t.Fatalf("describe schema: %v", err)
	}
	var out []string
	for _, c := range cols {
		out = append(out, fmt.Sprintf("column %s.%s %s notnull=%t default=%q pk=%d", c.Tbl, c.Col, strings.ToLower(c.Typ), c.NotNull, c.Def, c.PK))
	}
	for _, i := range idxs {
		out = append(out, fmt.Sprintf("index %s on %s(%s) unique=%t primary=%t", i.Idx, i.Tbl, i.Cols, i.Uniq, i.IsPrimary))
	}
	for _, s := range seqs {
		out = append(out, "sequence "+s)
	}
	sort.Strings(out)
	return out
}

// TestRestartDoesNotWaitForAnotherMigration: on PostgreSQL, an instance
// restarting on a database already at the last step starts while another
// instance (of this or another database on the server) holds the
// migration lock; a database with a step to apply still waits for it.
func TestRestartDoesNotWaitForAnotherMigration(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		if db.Name == "sqlite" {
			continue // no lock: SQLite's steps take the write lock each
		}
		t.Run(db.Name, func(t *testing.T) {
			g, _ := openFresh(t, db)
			if err := models.Migrate(g); err != nil {
				t.Fatal(err)
			}
			other, _ := openFresh(t, db)
			sqlDB, _ := other.DB()
			conn, err := sqlDB.Conn(t.Context())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			if _, err := conn.ExecContext(t.Context(), "SELECT pg_advisory_lock($1)", models.MigrateLockID); err != nil {
				t.Fatal(err)
			}
			unlocked := false
			unlock := func() {
				if !unlocked {
					conn.ExecContext(t.Context(), "SELECT pg_advisory_unlock($1)", models.MigrateLockID)
					unlocked = true
				}
			}
			defer unlock()
			restarted := make(chan error, 1)
			go func() { restarted <- models.Migrate(g) }()
			select {
			case err := <-restarted:
				if err != nil {
					t.Fatal(err)
				}
			case <-time.After(20 * time.Second):
				t.Fatal("a restart on a migrated database waited for another instance's migration lock")
			}
			// An empty database does wait, and migrates once the lock is free.
			fresh, _ := openFresh(t, db)
			migrated := make(chan error, 1)
			go func() { migrated <- models.Migrate(fresh) }()
			select {
			case err := <-migrated:
				t.Fatalf("migrated an empty database under another instance's lock (%v)", err)
			case <-time.After(200 * time.Millisecond):
			}
			unlock()
			if err := <-migrated; err != nil {
				t.Fatal(err)
			}
		})
	}
}
