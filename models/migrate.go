package models

import (
	"context"
	"database/sql/driver"
	"embed"
	"fmt"
	"path"
	"strings"
	"time"

	"gorm.io/gorm"
)

// migrationFiles holds every step's SQL, one folder per dialect.
//
//go:embed migrations/sqlite/*.sql migrations/postgres/*.sql
var migrationFiles embed.FS

// migration is one forward-only schema step: File in migrations/sqlite and
// in migrations/postgres.
type migration struct {
	ID   int
	Name string
	File string
}

// migrations lists the released steps in order. To change the schema, add
// step 2: write migrations/sqlite/0002_what.sql and
// migrations/postgres/0002_what.sql (plain DDL, no schema name, statements
// ending in ";" at the end of a line), append {2, "what", "0002_what.sql"}
// here and change the model to match. Never edit or reorder a released step:
// deployed databases have already run it. TestFreshSchemaMatchesModels fails
// until the models and the steps agree.
var migrations = []migration{
	{1, "initial schema", "0001_initial.sql"},
	{2, "flag lifecycle", "0002_flag_lifecycle.sql"},
	{3, "session date", "0003_session_date.sql"},
	{4, "score prorated", "0004_score_prorated.sql"},
	{5, "password reset and link flash", "0005_password_reset_link_flash.sql"},
	{6, "client words", "0006_client_words.sql"},
	{7, "key fingerprints", "0007_key_fingerprints.sql"},
	{8, "last save id", "0008_last_save_id.sql"},
	{9, "list indexes", "0009_list_indexes.sql"},
	{10, "second factors", "0010_second_factors.sql"},
	{11, "sealed columns", "0011_sealed_columns.sql"},
	{12, "client home page", "0012_client_home.sql"},
	{13, "schedules and courses", "0013_schedules_courses.sql"},
	{14, "mail", "0014_mail.sql"},
	{15, "release list index", "0015_release_list_index.sql"},
	{16, "today stamps", "0016_today_stamps.sql"},
	{17, "today stamps on postgres", "0017_today_stamps_postgres.sql"},
}

// schemaMigration records an applied step.
type schemaMigration struct {
	ID        int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaMigration) TableName() string { return "schema_migrations" }

// bookkeeping creates schema_migrations exactly as GORM AutoMigrate of
// schemaMigration did in the releases before the steps were frozen.
var bookkeeping = map[string]string{
	"sqlite":   "CREATE TABLE IF NOT EXISTS `schema_migrations` (`id` integer,`name` text,`applied_at` datetime,PRIMARY KEY (`id`))",
	"postgres": `CREATE TABLE IF NOT EXISTS "schema_migrations" ("id" bigint,"name" text,"applied_at" timestamptz,PRIMARY KEY ("id"))`,
}

const migrateLockID = 724051

// OwnedSchema is a schema a library owns (the job queue's tables): Migrate
// runs its Migrate under the same lock as Tend's steps, and only when
// Current says some of it is still to apply.
type OwnedSchema struct {
	Current func(*gorm.DB) (bool, error)
	Migrate func(*gorm.DB) error
}

// Migrate applies every step not yet applied, each in its own transaction,
// and records it. Running it twice is a no-op: a database already at the
// last step (and every owned schema current) is only read, once, and no
// lock is taken, so a restart does not wait for another instance's
// migration. Otherwise, on PostgreSQL an advisory lock keeps two starting
// instances from migrating at once; on SQLite each step's transaction
// takes the write lock first (_txlock=immediate) and re-checks that the
// step is still to do. The owned schemas migrate last, under the same lock.
func Migrate(db *gorm.DB, owned ...OwnedSchema) error {
	if current, err := upToDate(db, owned); err != nil || current {
		return err
	}
	dialect := "postgres"
	if IsSQLite(db) {
		dialect = "sqlite"
	} else {
		unlock, err := pgLock(context.Background(), db)
		if err != nil {
			return err
		}
		defer unlock()
	}
	if err := db.Exec(bookkeeping[dialect]).Error; err != nil {
		return fmt.Errorf("migrate: bookkeeping table: %w", err)
	}
	applied, err := appliedSteps(db)
	if err != nil {
		return fmt.Errorf("migrate: read applied steps: %w", err)
	}
	for _, m := range migrations {
		if applied[m.ID] {
			continue
		}
		src, err := migrationFiles.ReadFile(path.Join("migrations", dialect, m.File))
		if err != nil {
			return fmt.Errorf("migrate: step %d: %w", m.ID, err)
		}
		err = db.Transaction(func(tx *gorm.DB) error {
			var done int64
			if err := tx.Model(&schemaMigration{}).Where("id = ?", m.ID).Count(&done).Error; err != nil {
				return err
			}
			if done > 0 {
				return nil
			}
			for _, stmt := range batch(dialect, statements(string(src))) {
				if err := tx.Exec(stmt).Error; err != nil {
					return err
				}
			}
			return tx.Create(&schemaMigration{ID: m.ID, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("migrate: step %d (%s): %w", m.ID, m.Name, err)
		}
	}
	// Schemas owned by libraries (the job queue's tables) migrate under the
	// same lock, so instances starting together never race on them either.
	for _, o := range owned {
		if err := o.Migrate(db); err != nil {
			return err
		}
	}
	return nil
}

// upToDate reports, without a lock, whether every step is applied and
// every owned schema current: steps are only ever added, so a database
// found complete stays complete. A database without the bookkeeping table
// is not up to date.
func upToDate(db *gorm.DB, owned []OwnedSchema) (bool, error) {
	applied, err := appliedSteps(db)
	if err != nil || len(applied) < len(migrations) {
		return false, nil // a new database, or steps to apply: under the lock
	}
	for _, m := range migrations {
		if !applied[m.ID] {
			return false, nil
		}
	}
	for _, o := range owned {
		if ok, err := o.Current(db); err != nil || !ok {
			return false, err
		}
	}
	return true, nil
}

// appliedSteps reads the ids of the applied steps (an error when the
// bookkeeping table does not exist yet).
func appliedSteps(db *gorm.DB) (map[int]bool, error) {
	var ids []int
	if err := db.Model(&schemaMigration{}).Pluck("id", &ids).Error; err != nil {
		return nil, err
	}
	out := make(map[int]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// pgLock takes the migration advisory lock on one dedicated connection: a
// session lock taken and released through the pool could land on two
// different connections and never be released.
func pgLock(ctx context.Context, db *gorm.DB) (unlock func(), err error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	conn, err := sqlDB.Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", migrateLockID); err != nil {
		conn.Close()
		return nil, fmt.Errorf("migrate: lock: %w", err)
	}
	return func() {
		if _, err := conn.ExecContext(context.Background(), "SELECT pg_advisory_unlock($1)", migrateLockID); err != nil {
			// Never return a connection that may still hold the lock to the pool.
			conn.Raw(func(any) error { return driver.ErrBadConn })
		}
		conn.Close()
	}, nil
}

// statements splits a step's SQL into statements: "--" lines are comments,
// and a statement ends with ";" at the end of a line.
func statements(src string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(src, "\n") {
		t := strings.TrimSpace(line)
		if t == "" || strings.HasPrefix(t, "--") {
			continue
		}
		cur.WriteString(line)
		cur.WriteString("\n")
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if s := strings.TrimSpace(cur.String()); s != "" {
		out = append(out, s)
	}
	return out
}

// batch sends a step's statements to PostgreSQL as one (without arguments
// the driver uses the simple protocol, which runs several statements in one
// round trip); SQLite's driver takes them one at a time.
func batch(dialect string, stmts []string) []string {
	if dialect != "postgres" || len(stmts) < 2 {
		return stmts
	}
	return []string{strings.Join(stmts, "\n")}
}

// SchemaVersion returns the highest applied migration step.
func SchemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Model(&schemaMigration{}).Select("COALESCE(MAX(id), 0)").Scan(&v).Error
	return v, err
}
