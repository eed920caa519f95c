// Package models holds Tend's GORM models, the migrations and the Store:
// every query, scoped by owner inside the store, encryption of answers and
// notes at rest, sessions, tokens and rate limits. It may import worksheets
// (definitions and answers are data it stores); it must never import Fiber,
// handlers, views, reports or templates.
package models

import "time"

// Roles of a practitioner account.
const (
	RoleAdmin        = "admin"
	RolePractitioner = "practitioner"
)

// Assignment statuses.
const (
	StatusAssigned   = "assigned"
	StatusInProgress = "in_progress"
	StatusSubmitted  = "submitted"
	StatusReviewed   = "reviewed"
	StatusCancelled  = "cancelled"
)

var statusLabels = map[string]string{StatusAssigned: "Not started", StatusInProgress: "In progress",
	StatusSubmitted: "Submitted", StatusReviewed: "Reviewed", StatusCancelled: "Cancelled"}

// StatusLabel is an assignment status in words, the same on every page and
// in every PDF ("Not started" for assigned).
func StatusLabel(status string) string {
	if l, ok := statusLabels[status]; ok {
		return l
	}
	return status
}

// Practitioner is a person who signs in: a therapist or an admin.
type Practitioner struct {
	ID           string `gorm:"primaryKey;size:36"`
	Email        string `gorm:"size:320;not null;uniqueIndex"` // stored lower-cased
	Name         string `gorm:"size:200;not null"`
	PasswordHash string `gorm:"size:255;not null"`
	Role         string `gorm:"size:20;not null"`
	TimeZone     string `gorm:"size:64;not null;default:''"`
	// MustChangePassword: an admin set a temporary password; every page
	// but "choose a new password" is closed until it is changed.
	MustChangePassword bool `gorm:"not null;default:false"`
	// ResponseTime tells clients roughly when answers are read; "" means
	// DefaultResponseTime.
	ResponseTime string `gorm:"size:120;not null;default:''"`
	// CrisisText overrides the server's crisis contacts for this
	// practitioner's clients; "" means the server's text.
	CrisisText string `gorm:"size:2000;not null;default:''"`
	// TOTPSecretEnc is the authenticator app's secret, encrypted and bound
	// to the row; while TOTPEnabledAt is nil it waits for a first code
	// (enrolment) and sign-in does not ask for one.
	TOTPSecretEnc string `gorm:"type:text;not null;default:''" json:"-"`
	TOTPEnabledAt *time.Time
	// TOTPLastStep is the 30-second step of the last code accepted: a code
	// of that step or an earlier one is refused, so none is used twice.
	TOTPLastStep int64 `gorm:"not null;default:0" json:"-"`
	// MailSettings: what Tend emails on this practitioner's behalf.
	MailSettings `gorm:"embedded"`
	DisabledAt   *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Session is a practitioner's browser session; only the token's hash is kept.
type Session struct {
	TokenHash      string `gorm:"primaryKey;size:64"`
	PractitionerID string `gorm:"size:36;not null;index"`
	CSRFToken      string `gorm:"size:64;not null"`
	CreatedAt      time.Time
	LastSeenAt     time.Time
	// SecondFactorAt is when a second factor was last entered in this
	// session (minting an API token needs one within a few minutes).
	SecondFactorAt *time.Time
	// PasskeyState is a passkey registration waiting for the browser's
	// answer (WebAuthn session data, JSON); used once.
	PasskeyState string `gorm:"type:text;not null;default:''"`
	// TodayStamp is the practitioner's Today stamp (TodayStamp), read with
	// the session in the same statement, before anything the request
	// builds; not a column.
	TodayStamp int64 `gorm:"-"`
}

// RecoveryCode is one of a practitioner's one-time codes for signing in
// without the authenticator app; only its SHA-256 is kept.
type RecoveryCode struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	CodeHash       string `gorm:"size:64;not null"`
	UsedAt         *time.Time
	CreatedAt      time.Time
}

// LoginChallenge is the short-lived state between a right password and
// the second factor: it is not a session and opens no page but the code
// page. Only the cookie value's hash is kept.
type LoginChallenge struct {
	TokenHash      string `gorm:"primaryKey;size:64"`
	PractitionerID string `gorm:"size:36;not null;index"`
	Attempts       int    `gorm:"not null;default:0"`
	// PasskeyState is a passkey sign-in waiting for the browser's answer
	// (WebAuthn session data, JSON); used once.
	PasskeyState string `gorm:"type:text;not null;default:''"`
	CreatedAt    time.Time
}

// Passkey is a WebAuthn credential a practitioner added as a second factor
// (besides the authenticator app). Credential is the library's record of
// it as JSON: the public key and signature counter, nothing secret.
type Passkey struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	CredentialID   string `gorm:"size:1400;not null;uniqueIndex"` // base64url
	Name           string `gorm:"size:100;not null"`
	Credential     string `gorm:"type:text;not null"`
	CreatedAt      time.Time
	LastUsedAt     *time.Time
}

// LinkFlash holds a new client link for the one page view that shows it
// (post/redirect/get), tied to the practitioner's session; the token is
// encrypted and the row is deleted when the page is shown.
type LinkFlash struct {
	ID             string `gorm:"primaryKey;size:36"`
	SessionHash    string `gorm:"size:64;not null;index"`
	PractitionerID string `gorm:"size:36;not null"`
	// AssignmentID is the assignment whose link waits, or the client whose
	// own page link waits (ids are unique across tables).
	AssignmentID string `gorm:"size:36;not null"`
	TokenEnc     string `gorm:"type:text;not null"`
	Reissued     bool   `gorm:"not null;default:false"`
	CreatedAt    time.Time
}

// APIToken is a bearer credential for the JSON API; only its hash is kept.
type APIToken struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	Name           string `gorm:"size:100;not null"`
	TokenHash      string `gorm:"size:64;not null;uniqueIndex"`
	ExpiresAt      time.Time
	LastUsedAt     *time.Time
	RevokedAt      *time.Time
	CreatedAt      time.Time
}

// Client is a person a practitioner works with, owned by one practitioner.
type Client struct {
	ID             string `gorm:"primaryKey;size:36;index:idx_clients_owner,priority:2"`
	PractitionerID string `gorm:"size:36;not null;index:idx_clients_owner,priority:1"`
	DisplayName    string `gorm:"-"`                             // sealed in NameEnc
	NameEnc        string `gorm:"type:text;not null;default:''"` // encrypted
	NameIndex      string `gorm:"type:text;not null;default:''"` // keyed blind index for search (blind.go)
	// LegacyEmail is where releases before step 14 kept the address in
	// plain text; EncryptClientEmails moves it to EmailEnc at start.
	LegacyEmail   string `gorm:"column:email;size:320;not null;default:''"`
	NotesEnc      string `gorm:"type:text;not null;default:''"` // encrypted
	ArchivedAt    *time.Time
	LastSessionOn *time.Time // the date of the last session held (midnight UTC)
	// EmailEnc is the client's address, encrypted and bound to the row;
	// SendEmail is the practitioner's choice that Tend may write to it;
	// UnsubscribedAt is when the client asked for no more email.
	EmailEnc       string `gorm:"type:text;not null;default:''"`
	SendEmail      bool   `gorm:"not null;default:false"`
	UnsubscribedAt *time.Time
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// WorksheetVersion is one version of a worksheet definition (built-in or custom).
type WorksheetVersion struct {
	ID         string `gorm:"primaryKey;size:36"`
	Key        string `gorm:"size:64;not null;uniqueIndex:idx_ws_key_version"`
	Version    int    `gorm:"not null;uniqueIndex:idx_ws_key_version"`
	Title      string `gorm:"size:300;not null"`
	Definition string `gorm:"type:text;not null"` // JSON
	Source     string `gorm:"size:10;not null"`   // builtin | custom
	OwnerID    string `gorm:"size:36;not null;default:'';index"`
	CreatedAt  time.Time
}

// Assignment is one worksheet given to one client, with its private link.
//
// Its indexes (step 9) match the lists' filters and orders: the owner
// first, then the filter's columns, then the order's.
type Assignment struct {
	ID                 string     `gorm:"primaryKey;size:36;index:idx_assignments_owner,priority:9;index:idx_assignments_owner_status,priority:9;index:idx_assignments_owner_submitted,priority:9;index:idx_assignments_owner_due,priority:9;index:idx_assignments_owner_client,priority:9;index:idx_assignments_client_due,priority:9;index:idx_assignments_client_submitted,priority:9"`
	PractitionerID     string     `gorm:"size:36;not null;index:idx_assignments_owner,priority:1;index:idx_assignments_owner_status,priority:1;index:idx_assignments_owner_submitted,priority:1;index:idx_assignments_owner_due,priority:1;index:idx_assignments_owner_client,priority:1;index:idx_assignments_client_due,priority:1;index:idx_assignments_client_submitted,priority:1"`
	ClientID           string     `gorm:"size:36;not null;index:idx_assignments_owner_client,priority:2;index:idx_assignments_client_due,priority:2;index:idx_assignments_client_submitted,priority:2"`
	WorksheetVersionID string     `gorm:"size:36;not null"`
	WorksheetKey       string     `gorm:"size:64;not null"`
	Instructions       string     `gorm:"-"`                             // sealed in InstructionsEnc
	InstructionsEnc    string     `gorm:"type:text;not null;default:''"` // encrypted; "" when none
	DueOn              *time.Time `gorm:"index:idx_assignments_owner_due,priority:3;index:idx_assignments_client_due,priority:4"`
	Status             string     `gorm:"size:20;not null;index;index:idx_assignments_owner_status,priority:2;index:idx_assignments_owner_submitted,priority:2;index:idx_assignments_owner_due,priority:2;index:idx_assignments_client_due,priority:3"`
	LinkTokenHash      string     `gorm:"size:64;not null;default:'';index"`
	LinkExpiresAt      time.Time
	LinkRevokedAt      *time.Time
	SubmittedAt        *time.Time `gorm:"index:idx_assignments_owner_submitted,priority:3;index:idx_assignments_client_submitted,priority:3"`
	// ReleaseID is the schedule or course release that created it ("" when assigned by hand).
	ReleaseID  string `gorm:"size:36;not null;default:'';index"`
	ReviewedAt *time.Time
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

// AssignmentCount is how many of a practitioner's assignments are in one
// status. Database triggers on assignments keep it (step 9): Today's counts
// read a few rows at any caseload; the store never writes it.
type AssignmentCount struct {
	PractitionerID string `gorm:"primaryKey;size:36"`
	Status         string `gorm:"primaryKey;size:20"`
	N              int64  `gorm:"not null;default:0"`
}

// Response holds an assignment's answers (draft, then submitted), encrypted.
type Response struct {
	AssignmentID   string `gorm:"primaryKey;size:36"`
	AnswersEnc     string `gorm:"type:text;not null"`
	Version        int    `gorm:"not null"`
	SavedAt        time.Time
	SubmittedAt    *time.Time
	IdempotencyKey string `gorm:"size:100;not null;default:''"`
	// LastSaveID is the client's id of the last committed draft save: a
	// retry of that save (its response was lost) is answered, not refused.
	LastSaveID string `gorm:"size:100;not null;default:''"`
}

// Score is one scale's score for a submitted assignment.
type Score struct {
	ID           string `gorm:"primaryKey;size:36;index:idx_scores_owner_client,priority:4"`
	AssignmentID string `gorm:"size:36;not null;index"`
	ClientID     string `gorm:"size:36;not null;index:idx_score_trend;index:idx_scores_owner_client,priority:2"`
	WorksheetKey string `gorm:"size:64;not null;index:idx_score_trend"`
	Scale        string `gorm:"size:64;not null"`
	Title        string `gorm:"size:300;not null"`
	// Value, Band, Meaning and Note are sealed together in ResultEnc.
	Value          *float64 `gorm:"-"`
	Band           string   `gorm:"-"`
	Meaning        string   `gorm:"-"`
	ResultEnc      string   `gorm:"type:text;not null;default:''"` // encrypted
	Min            float64
	Max            float64
	Note           string    `gorm:"-"`
	SubmittedAt    time.Time `gorm:"index:idx_scores_owner_client,priority:3"`
	PractitionerID string    `gorm:"size:36;not null;index:idx_scores_owner_client,priority:1"`
	Prorated       bool      `gorm:"not null;default:false"` // scored with items unanswered (worksheets.ScaleScore.Prorated)
}

// Flag sources: raised on a stored draft, or on the submitted answers.
const (
	FlagSourceDraft     = "draft"
	FlagSourceSubmitted = "submitted"
)

// Flag is a rule that fired on an assignment's answers: one row per rule
// per assignment. A draft flag (Source "draft") becomes "submitted" when
// the submission raises the same rule; one whose answer was changed back
// is withdrawn (WithdrawnAt), never deleted. Acknowledging it records who,
// when and an action note (encrypted, AckNoteEnc).
type Flag struct {
	ID             string `gorm:"primaryKey;size:36;index:idx_flags_owner_open,priority:5"`
	AssignmentID   string `gorm:"size:36;not null;index;uniqueIndex:idx_flag_assignment_rule"`
	PractitionerID string `gorm:"size:36;not null;index:idx_flags_owner_open,priority:1"`
	Rule           string `gorm:"size:64;not null;uniqueIndex:idx_flag_assignment_rule"`
	Severity       string `gorm:"size:10;not null;index:idx_flags_owner_open,priority:3"`
	Message        string `gorm:"-"`                             // sealed in MessageEnc
	MessageEnc     string `gorm:"type:text;not null;default:''"` // encrypted
	Source         string `gorm:"size:10;not null;default:'submitted'"`
	WithdrawnAt    *time.Time
	AcknowledgedAt *time.Time `gorm:"index:idx_flags_owner_open,priority:2"`
	AcknowledgedBy string     `gorm:"size:36;not null;default:''"`   // practitioner id
	AckNoteEnc     string     `gorm:"type:text;not null;default:''"` // encrypted
	CreatedAt      time.Time  `gorm:"index:idx_flags_owner_open,priority:4"`
}

// Note is a practitioner's private note on a client or an assignment.
type Note struct {
	ID             string `gorm:"primaryKey;size:36;index:idx_notes_owner_client,priority:3"`
	PractitionerID string `gorm:"size:36;not null;index:idx_notes_owner_client,priority:1"`
	ClientID       string `gorm:"size:36;not null;index;index:idx_notes_owner_client,priority:2"`
	AssignmentID   string `gorm:"size:36;not null;default:'';index"`
	TextEnc        string `gorm:"type:text;not null"`
	CreatedAt      time.Time
}

// FillSession is a client's short-lived browser session for one assignment,
// created when a link is opened; only the cookie value's hash is kept.
type FillSession struct {
	TokenHash    string `gorm:"primaryKey;size:64"`
	AssignmentID string `gorm:"size:36;not null;index"`
	CSRFToken    string `gorm:"size:64;not null"`
	// HomeSession is the hash of the client's own-page session this one was
	// entered from ("" when opened with the assignment's link): it ends
	// with that page's link.
	HomeSession string `gorm:"size:64;not null;default:''"`
	CreatedAt   time.Time
	LastSeenAt  time.Time
}

// HomeLink is a client's own page link (/c/<token>): at most one per
// client; only the token's hash is kept. Revoking deletes the row.
type HomeLink struct {
	ClientID       string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	TokenHash      string `gorm:"size:64;not null;uniqueIndex"`
	CreatedAt      time.Time
}

// HomeSession is a client's browser session on their own page, made when
// the link is opened; only the cookie value's hash is kept. It lives while
// the link it came from (LinkHash) is the client's current one.
type HomeSession struct {
	TokenHash  string `gorm:"primaryKey;size:64"`
	ClientID   string `gorm:"size:36;not null;index"`
	LinkHash   string `gorm:"size:64;not null"`
	CSRFToken  string `gorm:"size:64;not null"`
	CreatedAt  time.Time
	LastSeenAt time.Time
}

// RateEvent records a rate-limited event (a failed link attempt, a failed
// login) in the database so several instances share the counts.
type RateEvent struct {
	ID        uint      `gorm:"primaryKey;autoIncrement"`
	Bucket    string    `gorm:"size:100;not null;index:idx_rate_bucket_at"`
	CreatedAt time.Time `gorm:"index:idx_rate_bucket_at"`
}

// Setting is a small key/value row (e.g. the first-run setup token hash).
type Setting struct {
	Key   string `gorm:"primaryKey;size:64"`
	Value string `gorm:"type:text;not null"`
}

// AuditEvent is an append-only record of who did what; never answer text.
type AuditEvent struct {
	ID         uint      `gorm:"primaryKey;autoIncrement"`
	At         time.Time `gorm:"index"`
	ActorType  string    `gorm:"size:20;not null"` // practitioner | client | system
	ActorID    string    `gorm:"size:64;not null"`
	Action     string    `gorm:"size:64;not null"`
	ObjectType string    `gorm:"size:32;not null;default:''"`
	ObjectID   string    `gorm:"size:64;not null;default:'';index"`
	IP         string    `gorm:"size:64;not null;default:''"`
}

// allModels lists every table, in creation order.
func allModels() []any {
	return []any{&Practitioner{}, &Session{}, &APIToken{}, &Client{}, &WorksheetVersion{},
		&Assignment{}, &Response{}, &Score{}, &Flag{}, &Note{}, &FillSession{}, &RateEvent{},
		&Setting{}, &AuditEvent{}, &LinkFlash{}, &KeyFingerprint{}, &AssignmentCount{},
		&RecoveryCode{}, &LoginChallenge{}, &Passkey{}, &HomeLink{}, &HomeSession{},
		&Schedule{}, &Release{}, &CustomCourse{}, &Enrolment{}, &MailMessage{}, &MailLink{}, &TodayStamp{}}
}
