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
// steps did: AutoMigrate of the v1 models, recorded as step 1. The v1
// models are today's, with each struct a later step changed replaced by
// its v1 copy (from git) below.
func MigrateLikeRelease1(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(release1Models()...); err != nil {
			return err
		}
		return tx.Create(&schemaMigration{ID: 1, Name: "initial schema", AppliedAt: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}).Error
	})
}

// release1Models is allModels with the v1 copies of changed structs.
func release1Models() []any {
	out := allModels()
	for i, m := range out {
		if _, ok := m.(*Score); ok {
			out[i] = &scoreV1{}
		}
	}
	return out
}

// scoreV1 is Score as release 1 had it, before step 4 added prorated.
type scoreV1 struct {
	ID             string   `gorm:"primaryKey;size:36"`
	AssignmentID   string   `gorm:"size:36;not null;index"`
	ClientID       string   `gorm:"size:36;not null;index:idx_score_trend"`
	WorksheetKey   string   `gorm:"size:64;not null;index:idx_score_trend"`
	Scale          string   `gorm:"size:64;not null"`
	Title          string   `gorm:"size:300;not null"`
	Value          *float64 `gorm:""`
	Band           string   `gorm:"size:100;not null;default:''"`
	Meaning        string   `gorm:"type:text;not null;default:''"`
	Min            float64
	Max            float64
	Note           string `gorm:"size:300;not null;default:''"`
	SubmittedAt    time.Time
	PractitionerID string `gorm:"size:36;not null;index"`
}

func (scoreV1) TableName() string { return "scores" }
