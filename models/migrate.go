package models

import (
	"fmt"
	"time"

	"gorm.io/gorm"
)

// migration is one forward-only schema step. Steps are never edited once
// released: a change to the schema is a new step at the end.
type migration struct {
	ID   int
	Name string
	Up   func(tx *gorm.DB) error
}

// schemaMigration records an applied step.
type schemaMigration struct {
	ID        int `gorm:"primaryKey;autoIncrement:false"`
	Name      string
	AppliedAt time.Time
}

func (schemaMigration) TableName() string { return "schema_migrations" }

var migrations = []migration{
	{1, "initial schema", func(tx *gorm.DB) error { return tx.AutoMigrate(allModels()...) }},
}

// Migrate applies every step not yet applied, each in its own transaction,
// and records it. Running it twice is a no-op. On PostgreSQL an advisory
// lock keeps two starting instances from migrating at once.
func Migrate(db *gorm.DB) error {
	if !IsSQLite(db) {
		if err := db.Exec("SELECT pg_advisory_lock(724051)").Error; err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		defer db.Exec("SELECT pg_advisory_unlock(724051)")
	}
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return fmt.Errorf("migrate: bookkeeping table: %w", err)
	}
	var done []schemaMigration
	if err := db.Find(&done).Error; err != nil {
		return fmt.Errorf("migrate: read applied: %w", err)
	}
	applied := map[int]bool{}
	for _, m := range done {
		applied[m.ID] = true
	}
	for _, m := range migrations {
		if applied[m.ID] {
			continue
		}
		err := db.Transaction(func(tx *gorm.DB) error {
			if err := m.Up(tx); err != nil {
				return err
			}
			return tx.Create(&schemaMigration{ID: m.ID, Name: m.Name, AppliedAt: time.Now().UTC()}).Error
		})
		if err != nil {
			return fmt.Errorf("migrate: step %d (%s): %w", m.ID, m.Name, err)
		}
	}
	return nil
}

// SchemaVersion returns the highest applied migration step.
func SchemaVersion(db *gorm.DB) (int, error) {
	var v int
	err := db.Model(&schemaMigration{}).Select("COALESCE(MAX(id), 0)").Scan(&v).Error
	return v, err
}
