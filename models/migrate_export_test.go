package models

import (
	"time"

	"gorm.io/gorm"
)

// AutoMigrateModels builds the reference schema: what GORM AutoMigrate of
// today's models (and the bookkeeping table) creates.
func AutoMigrateModels(db *gorm.DB) error {
	return db.AutoMigrate(append([]any{&schemaMigration{}}, allModels()...)...)
}

// MigrateLikeRelease1 builds a database the way releases before the frozen
// steps did: AutoMigrate of the models, recorded as step 1. Today's models
// are the v1 models while step 1 is the only step; the change that adds
// step 2 must copy the v1 structs here (from git) so this keeps building a
// release-1 database.
func MigrateLikeRelease1(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(allModels()...); err != nil {
			return err
		}
		// Today's models are the v1 models plus what step 5 added: take
		// that back off. (When the v1 structs are copied here, drop this.)
		if err := tx.Migrator().DropTable(&LinkFlash{}); err != nil {
			return err
		}
		if err := tx.Exec("ALTER TABLE practitioners DROP COLUMN must_change_password").Error; err != nil {
			return err
		}
		return tx.Create(&schemaMigration{ID: 1, Name: "initial schema", AppliedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}).Error
	})
}
