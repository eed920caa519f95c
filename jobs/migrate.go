package jobs

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/riverqueue/river/riverdriver"
	"github.com/riverqueue/river/riverdriver/riverdatabasesql"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// driver is River's driver for Tend's database: riversqlite on SQLite's
// one write connection, riverdatabasesql over GORM's pool on PostgreSQL.
func driver(db *gorm.DB, sqlDB *sql.DB) riverdriver.Driver[*sql.Tx] {
	if models.IsSQLite(db) {
		return riversqlite.New(sqlDB)
	}
	return riverdatabasesql.New(sqlDB)
}

// Schema is River's own tables (river_job, river_leader, …) beside
// Tend's: pass it to models.Migrate, which checks it at every start and
// migrates it under the migration lock when River brings new versions.
var Schema = models.OwnedSchema{Current: current, Migrate: migrate}

func migrator(db *gorm.DB) (*rivermigrate.Migrator[*sql.Tx], error) {
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	m, err := rivermigrate.New(driver(db, sqlDB), nil)
	if err != nil {
		return nil, fmt.Errorf("jobs: migrate: %w", err)
	}
	return m, nil
}

// current reports whether every River version is applied.
func current(db *gorm.DB) (bool, error) {
	m, err := migrator(db)
	if err != nil {
		return false, err
	}
	res, err := m.Validate(context.Background(), nil)
	if err != nil {
		return false, fmt.Errorf("jobs: check migrations: %w", err)
	}
	return res.OK, nil
}

// migrate creates or upgrades River's tables. Running it again is a no-op.
func migrate(db *gorm.DB) error {
	m, err := migrator(db)
	if err != nil {
		return err
	}
	// On SQLite two instances starting on one new file can both try to
	// record a version (River's runner takes no lock there); the loser's
	// rerun finds the versions recorded and does nothing.
	for try := 1; ; try++ {
		_, err = m.Migrate(context.Background(), rivermigrate.DirectionUp, nil)
		if err == nil || !models.IsSQLite(db) || try == 3 {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	return nil
}
