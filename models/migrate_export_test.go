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

// clientV1 is Client as release 1 made it; steps 3 and 11 changed it.
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

// flagV1 is Flag as release 1 had it (step 2 added its lifecycle columns,
// step 11 sealed its message).
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

// assignmentV1 is Assignment as release 1 had it: step 11 sealed its
// instructions, step 13 added release_id (indexed, so it cannot be dropped
// on SQLite: the v1 struct stands in).
type assignmentV1 struct {
	ID                 string `gorm:"primaryKey;size:36"`
	PractitionerID     string `gorm:"size:36;not null;index"`
	ClientID           string `gorm:"size:36;not null;index"`
	WorksheetVersionID string `gorm:"size:36;not null"`
	WorksheetKey       string `gorm:"size:64;not null"`
	Instructions       string `gorm:"type:text;not null;default:''"`
	DueOn              *time.Time
	Status             string `gorm:"size:20;not null;index"`
	LinkTokenHash      string `gorm:"size:64;not null;default:'';index"`
	LinkExpiresAt      time.Time
	LinkRevokedAt      *time.Time
	SubmittedAt        *time.Time
	ReviewedAt         *time.Time
	CreatedAt          time.Time
	UpdatedAt          time.Time
}

func (assignmentV1) TableName() string { return "assignments" }

// scoreV1 is Score as release 1 had it (step 4 added prorated, listed in
// laterColumns; step 11 sealed value, band, meaning and note).
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
	Prorated       bool   `gorm:"not null;default:false"`
}

func (scoreV1) TableName() string { return "scores" }

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
		case *Assignment:
			out = append(out, &assignmentV1{})
		case *Score:
			out = append(out, &scoreV1{})
		case *LinkFlash, *KeyFingerprint, *AssignmentCount, *RecoveryCode, *LoginChallenge, *Passkey, *HomeLink, *HomeSession, *MailMessage, *MailLink, *TodayStamp: // steps 5, 7, 9, 10, 12, 14 and 16 added them
		case *Schedule, *Release, *CustomCourse, *Enrolment: // step 13 added them
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
	{"fill_sessions", "home_session"},         // step 12
	{"practitioners", "totp_secret_enc"},      // step 10
	{"practitioners", "totp_enabled_at"},      // step 10
	{"practitioners", "totp_last_step"},       // step 10
	{"sessions", "second_factor_at"},          // step 10
	{"sessions", "passkey_state"},             // step 10
	{"practitioners", "mail_show_name"},       // step 14
	{"practitioners", "remind_before"},        // step 14
	{"practitioners", "remind_overdue"},       // step 14
	{"practitioners", "mail_digest"},          // step 14
}

// laterIndexes are the indexes added by steps after 1 (on tables release 1
// had): a release-1 database does not have them.
var laterIndexes = []string{
	"idx_notes_owner_client", // step 9
	// assignments, scores, flags and clients: their v1 structs have
	// release 1's indexes.
}

// droppedIndexes are release 1's single-column indexes that later steps
// dropped.
var droppedIndexes = []struct{ table, index, column string }{
	{"notes", "idx_notes_practitioner_id", "practitioner_id"}, // step 9
}

// MigrateLockID is the advisory lock Migrate takes on PostgreSQL.
const MigrateLockID = migrateLockID
