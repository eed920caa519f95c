package models

import (
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// AutoMigrateModels builds the reference schema: what GORM AutoMigrate of
// today's models (and the bookkeeping table) creates.
func AutoMigrateModels(db *gorm.DB) error {
	return db.AutoMigrate(append([]any{&schemaMigration{}}, allModels()...)...)
}

// MigrateLikeRelease1 builds a database the way releases before the frozen
// steps did: AutoMigrate of the v1 models, recorded as step 1. The v1
// models are today's without the columns later steps added (laterColumns).
func MigrateLikeRelease1(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(allModels()...); err != nil {
			return err
		}
		for _, c := range laterColumns {
			// Plain DDL: GORM's SQLite DropColumn rebuilds the table and loses its indexes.
			if err := tx.Exec("ALTER TABLE ? DROP COLUMN ?", clause.Table{Name: c.table}, clause.Column{Name: c.column}).Error; err != nil {
				return err
			}
		}
		return tx.Create(&schemaMigration{ID: 1, Name: "initial schema", AppliedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}).Error
	})
}

// laterColumns are the columns added by steps after 1: a release-1
// database does not have them.
var laterColumns = []struct {
	table, column string
}{
	{"scores", "prorated"}, // step 4
}
