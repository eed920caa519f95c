package models

import "time"

// Schedule repeats a set of worksheets for one client: every week, two
// weeks or month on a weekday, from StartOn until UntilOn or for Count
// occurrences, each released at ReleaseTime in the practitioner's time
// zone (see recurrence.go for the dates). Occurrences are numbered from 1;
// an edit starts a new rule from a later date and keeps the numbering
// (BaseOccurrence occurrences came before the current rule).
type Schedule struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	ClientID       string `gorm:"size:36;not null;index"`
	WorksheetKeys  string `gorm:"size:1400;not null"` // comma-separated, in release order
	Every          string `gorm:"size:10;not null"`   // week | 2weeks | month
	Weekday        int    `gorm:"not null"`           // 1 = Monday … 7 = Sunday
	StartOn        time.Time
	UntilOn        *time.Time
	Count          int    `gorm:"not null;default:0"` // occurrences in all; 0: until UntilOn
	DueAfterDays   int    `gorm:"not null;default:0"`
	ReleaseTime    string `gorm:"size:5;not null;default:'08:00'"` // HH:MM, practitioner-local
	// Instructions is the note each release gives its assignments,
	// sealed in InstructionsEnc like theirs.
	Instructions    string `gorm:"-"`
	InstructionsEnc string `gorm:"type:text;not null;default:''"` // encrypted; "" when none
	BaseOccurrence  int    `gorm:"not null;default:0"`
	NextOccurrence  int    `gorm:"not null;default:1"`
	// NextReleaseAt is when NextOccurrence is due (UTC); nil once the
	// schedule has ended, is paused or stopped.
	NextReleaseAt *time.Time `gorm:"index"`
	PausedAt      *time.Time
	StoppedAt     *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

// Release records one occurrence of a schedule, or one step of a course
// enrolment, released as ordinary assignments (Assignment.ReleaseID). Its
// unique key (SourceID, Occurrence) makes each release happen at most once,
// whatever the number of instances or crashes.
type Release struct {
	ID             string    `gorm:"primaryKey;size:36;index:idx_releases_owner_released,priority:3"`
	PractitionerID string    `gorm:"size:36;not null;index:idx_releases_owner_released,priority:1"`
	ClientID       string    `gorm:"size:36;not null"`
	Kind           string    `gorm:"size:10;not null"`                                // schedule | course
	SourceID       string    `gorm:"size:36;not null;uniqueIndex:idx_release_source"` // schedule or enrolment id
	Occurrence     int       `gorm:"not null;uniqueIndex:idx_release_source"`         // occurrence number, or step index + 1
	ReleasedAt     time.Time `gorm:"index;index:idx_releases_owner_released,priority:2"`
}

// CustomCourse is a practitioner's own course (a copy of a built-in one,
// changed, or written from scratch); Definition is its JSON.
type CustomCourse struct {
	ID         string `gorm:"primaryKey;size:36"`
	OwnerID    string `gorm:"size:36;not null;uniqueIndex:idx_course_owner_key"`
	Key        string `gorm:"size:64;not null;uniqueIndex:idx_course_owner_key"`
	Title      string `gorm:"size:300;not null"`
	Definition string `gorm:"type:text;not null"`
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (CustomCourse) TableName() string { return "courses" }

// Enrolment is one client taking one course from StartOn. Definition is
// the course's JSON as it was at enrolment, so later edits of the course
// change only later enrolments.
type Enrolment struct {
	ID             string `gorm:"primaryKey;size:36"`
	PractitionerID string `gorm:"size:36;not null;index"`
	ClientID       string `gorm:"size:36;not null;index"`
	CourseKey      string `gorm:"size:64;not null"`
	Title          string `gorm:"size:300;not null"`
	Definition     string `gorm:"type:text;not null"`
	StartOn        time.Time
	ReleaseTime    string `gorm:"size:5;not null;default:'08:00'"`
	// NextReleaseAt is the earliest time a step on a set day is due; nil
	// when none is left. Waiting: a step waits for another to be sent.
	NextReleaseAt *time.Time `gorm:"index"`
	Waiting       bool       `gorm:"not null;default:false"`
	CompletedAt   *time.Time
	StoppedAt     *time.Time
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (Enrolment) TableName() string { return "course_enrolments" }

// ReleaseDueJob is the periodic job that runs Store.ReleaseDue.
type ReleaseDueJob struct{}

// Kind names the job for the queue.
func (ReleaseDueJob) Kind() string { return "release_due" }
