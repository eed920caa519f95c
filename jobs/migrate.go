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

// Migrate creates or upgrades River's own tables (river_job, river_leader,
// …) beside Tend's. Running it again is a no-op. Pass it to models.Migrate,
// which runs it under the migration lock.
func Migrate(db *gorm.DB) error {
	sqlDB, err := db.DB()
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
	}
	var drv riverdriver.Driver[*sql.Tx] = riverdatabasesql.New(sqlDB)
	if models.IsSQLite(db) {
		drv = riversqlite.New(sqlDB)
	}
	m, err := rivermigrate.New(drv, nil)
	if err != nil {
		return fmt.Errorf("jobs: migrate: %w", err)
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
