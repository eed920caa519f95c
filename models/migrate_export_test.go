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

// flagV1 is Flag as release 1 had it (step 2 added its lifecycle columns).
type flagV1 struct {
	ID             string `gorm:"primaryKey;size:36"`
	AssignmentID   string `gorm:"size:36;not null;index"`
	PractitionerID string `gorm:"size:36;not null;index"`
	Rule           string `gorm:"size:64;not null"`
	Severity       string `gorm:"size:10;not null"`
	Message        string `gorm:"type:text;not null"`
	AcknowledgedAt *time.Time
	CreatedAt      time.Time
}

func (flagV1) TableName() string { return "flags" }

// releaseOneModels are the models of release 1: today's, with the v1
// structs of the tables later steps changed.
func releaseOneModels() []any {
	out := allModels()
	for i, m := range out {
		if _, ok := m.(*Flag); ok {
			out[i] = &flagV1{}
		}
	}
	return out
}

// MigrateLikeRelease1 builds a database the way releases before the frozen
// steps did: AutoMigrate of the release-1 models, recorded as step 1.
func MigrateLikeRelease1(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(releaseOneModels()...); err != nil {
			return err
		}
		return tx.Create(&schemaMigration{ID: 1, Name: "initial schema", AppliedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}).Error
	})
}
