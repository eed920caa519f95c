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

// clientV1 is Client as release 1 made it; step 3 changed it.
type clientV1 struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	DisplayName    string `gorm:"size:200;not null"`
	Email          string `gorm:"size:320;not null;default:''"`
	NotesEnc       string `gorm:"type:text;not null;default:''"`
	ArchivedAt     *time.Time
	LastSummaryAt  *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (clientV1) TableName() string { return "clients" }

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

// release1Models are the models as release 1 had them: today's, with the
// structs later steps changed swapped for their v1 copies and the ones later
// steps added left out.
func release1Models() []any {
	var out []any
	for _, m := range allModels() {
		switch m.(type) {
		case *Client:
			out = append(out, &clientV1{})
		case *Flag:
			out = append(out, &flagV1{})
		case *LinkFlash, *KeyFingerprint, *AssignmentCount: // steps 5, 7 and 9 added them
		default:
			out = append(out, m)
		}
	}
	return out
}

// MigrateLikeRelease1 builds a database the way releases before the frozen
// steps did: AutoMigrate of the v1 models, recorded as step 1. A change
// that alters a model either copies its v1 struct here (from git) and swaps
// it in release1Models, or lists the columns it added in laterColumns.
func MigrateLikeRelease1(db *gorm.DB) error {
	if err := db.AutoMigrate(&schemaMigration{}); err != nil {
		return err
	}
	return db.Transaction(func(tx *gorm.DB) error {
		if err := tx.AutoMigrate(release1Models()...); err != nil {
			return err
		}
		for _, c := range laterColumns {
			// Plain DDL: GORM's SQLite DropColumn rebuilds the table and loses its indexes.
			if err := tx.Exec("ALTER TABLE ? DROP COLUMN ?", clause.Table{Name: c.table}, clause.Column{Name: c.column}).Error; err != nil {
				return err
			}
		}
		for _, ix := range laterIndexes {
			if err := tx.Exec("DROP INDEX ?", clause.Table{Name: ix}).Error; err != nil {
				return err
			}
		}
		for _, ix := range droppedIndexes {
			if err := tx.Exec("CREATE INDEX ? ON ? (?)", clause.Table{Name: ix.index}, clause.Table{Name: ix.table}, clause.Column{Name: ix.column}).Error; err != nil {
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
	{"scores", "prorated"},                    // step 4
	{"practitioners", "must_change_password"}, // step 5
	{"practitioners", "response_time"},        // step 6
	{"practitioners", "crisis_text"},          // step 6
	{"responses", "last_save_id"},             // step 8
}

// laterIndexes are the indexes added by steps after 1 (on tables release 1
// had): a release-1 database does not have them.
var laterIndexes = []string{
	"idx_assignments_owner", "idx_assignments_owner_status", "idx_assignments_owner_submitted", // step 9
	"idx_assignments_owner_due", "idx_assignments_owner_client", "idx_assignments_client_due", // step 9
	"idx_assignments_client_submitted", "idx_scores_owner_client", "idx_notes_owner_client", // step 9
	// flags and clients: flagV1 and clientV1 have release 1's indexes.
}

// droppedIndexes are release 1's single-column indexes that later steps
// dropped.
var droppedIndexes = []struct{ table, index, column string }{
	{"assignments", "idx_assignments_practitioner_id", "practitioner_id"}, // step 9
	{"assignments", "idx_assignments_client_id", "client_id"},             // step 9
	{"scores", "idx_scores_practitioner_id", "practitioner_id"},           // step 9
	{"notes", "idx_notes_practitioner_id", "practitioner_id"},             // step 9
}
