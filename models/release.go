package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// Releases: how a schedule occurrence or a course step becomes work.
//
// ReleaseDue finds what is due (schedules by next_release_at, enrolments
// by next_release_at or waiting for a sent step) and releases each item in
// a transaction of its own that (1) inserts the Release row, unique by
// (source, occurrence), (2) moves the source on, (3) creates the ordinary
// assignments (releaseAssignments) and (4) audits. A second instance doing
// the same item at the same moment fails on the unique key and rolls back;
// a crash before the commit leaves nothing, and the next run does it again.
// So each release happens exactly once, whoever runs it and however often.

// errReleasedElsewhere: another run released this item first.
var errReleasedElsewhere = errors.New("released elsewhere")

// maxReleasesPerRun bounds one ReleaseDue call (a long outage catching up
// releases the rest on the next run, a minute later).
const maxReleasesPerRun = 500

// ReleaseReport counts what one ReleaseDue call released.
type ReleaseReport struct {
	Schedules   int // schedule occurrences
	CourseSteps int
}

// SetLinkPolicy sets how long the links of released assignments live.
func (s *Store) SetLinkPolicy(lp LinkPolicy) { s.links = lp }

// linkPolicy is the policy set, or 30 days (TEND_LINK_TTL's default) and
// 14 days after the due date when none was.
func (s *Store) linkPolicy() LinkPolicy {
	if s.links.TTL == 0 {
		return LinkPolicy{TTL: 30 * 24 * time.Hour, AfterDue: 14 * 24 * time.Hour}
	}
	return s.links
}

// ReleaseDue releases every schedule occurrence and course step due at
// now. It is idempotent and safe to run from several instances at once.
func (s *Store) ReleaseDue(ctx context.Context, now time.Time) (ReleaseReport, error) {
	var rep ReleaseReport
	if err := s.wakeWaitingSteps(ctx, now); err != nil {
		return rep, err
	}
	for rep.Schedules+rep.CourseSteps < maxReleasesPerRun {
		var ids []string
		if err := s.ctx(ctx).Model(&Schedule{}).Where("next_release_at <= ? AND paused_at IS NULL AND stopped_at IS NULL", now).
			Order("next_release_at").Order("id").Limit(50).Pluck("id", &ids).Error; err != nil {
			return rep, fmt.Errorf("store: due schedules: %w", err)
		}
		var eids []string
		if err := s.ctx(ctx).Model(&Enrolment{}).Where("next_release_at <= ? AND stopped_at IS NULL AND completed_at IS NULL", now).
			Order("next_release_at").Order("id").Limit(50).Pluck("id", &eids).Error; err != nil {
			return rep, fmt.Errorf("store: due course steps: %w", err)
		}
		progress := false
		for _, id := range ids {
			switch err := s.releaseSchedule(ctx, id, now); {
			case err == nil:
				rep.Schedules++
				progress = true
			case !errors.Is(err, errReleasedElsewhere):
				return rep, err
			}
		}
		for _, id := range eids {
			n, err := s.releaseSteps(ctx, id, now)
			if err != nil {
				return rep, err
			}
			rep.CourseSteps += n
			progress = progress || n > 0
		}
		if !progress {
			break
		}
	}
	return rep, nil
}

// releaseSchedule releases the next occurrence of schedule id if it is due.
func (s *Store) releaseSchedule(ctx context.Context, id string, now time.Time) error {
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var sc Schedule
		if err := tx.Where("id = ?", id).First(&sc).Error; errors.Is(err, gorm.ErrRecordNotFound) {
			return errReleasedElsewhere // erased with its client since it was listed
		} else if err != nil {
			return fmt.Errorf("store: schedule: %w", err)
		}
		if err := sc.open(s.crypt); err != nil {
			return err
		}
		if sc.NextReleaseAt == nil || sc.NextReleaseAt.After(now) || sc.PausedAt != nil || sc.StoppedAt != nil {
			return errReleasedElsewhere
		}
		loc, err := practitionerLoc(tx, sc.PractitionerID)
		if err != nil {
			return err
		}
		n := sc.NextOccurrence
		date, _ := sc.occurrenceDate(n)
		rel, err := s.insertRelease(tx, sc.PractitionerID, sc.ClientID, "schedule", sc.ID, n)
		if err != nil {
			return err
		}
		next := any(nil)
		if _, at, ok := sc.nextDue(n+1, loc, time.Time{}); ok {
			next = at
		}
		res := tx.Model(&Schedule{}).Where("id = ? AND next_occurrence = ?", id, n).
			Updates(map[string]any{"next_occurrence": n + 1, "next_release_at": next, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return errReleasedElsewhere
		}
		if err := s.releaseAssignments(ctx, tx, rel, sc.Keys(), dueAfter(date, sc.DueAfterDays), sc.Instructions, now); err != nil {
			return err
		}
		if s.releaseHook != nil {
			s.releaseHook()
		}
		return s.audit(ctx, tx, systemActor, "schedule.release", "schedule", sc.ID)
	})
	if err != nil && !errors.Is(err, errReleasedElsewhere) {
		return fmt.Errorf("store: release schedule: %w", err)
	}
	return err
}

func dueAfter(date time.Time, days int) *time.Time {
	d := date.AddDate(0, 0, days)
	return &d
}

// insertRelease records occurrence n of source; a duplicate means another
// run released it first (errReleasedElsewhere, and the caller rolls back).
func (s *Store) insertRelease(tx *gorm.DB, pid, clientID, kind, sourceID string, n int) (Release, error) {
	rel := Release{ID: newID(), PractitionerID: pid, ClientID: clientID, Kind: kind, SourceID: sourceID, Occurrence: n, ReleasedAt: s.now()}
	if err := tx.Create(&rel).Error; err != nil {
		if errors.Is(err, gorm.ErrDuplicatedKey) {
			return rel, errReleasedElsewhere
		}
		return rel, err
	}
	return rel, nil
}

// releaseAssignments creates the ordinary assignments of one release, in
// its transaction: one per worksheet key, each with its own link (the
// token is not kept; when the client is emailed, one invitation carries
// the release's links, queued in this transaction).
// A key no longer available to the practitioner is skipped.
func (s *Store) releaseAssignments(ctx context.Context, tx *gorm.DB, rel Release, keys []string, due *time.Time, instructions string, now time.Time) error {
	var rows []Assignment
	var toks []string
	for _, key := range keys {
		var w WorksheetVersion
		err := visibleIn(tx, rel.PractitionerID).Where("key = ?", key).Order("version DESC").Limit(1).Find(&w).Error
		if err != nil {
			return err
		}
		if w.ID == "" {
			continue
		}
		tok, err := NewToken()
		if err != nil {
			return err
		}
		a := Assignment{ID: newID(), PractitionerID: rel.PractitionerID, ClientID: rel.ClientID, WorksheetVersionID: w.ID,
			WorksheetKey: w.Key, Instructions: strings.TrimSpace(instructions), DueOn: due, Status: StatusAssigned,
			LinkTokenHash: HashToken(tok), LinkExpiresAt: s.linkPolicy().expiry(now, due), ReleaseID: rel.ID}
		if err := a.seal(s.crypt); err != nil {
			return err
		}
		if err := tx.Create(&a).Error; err != nil {
			return err
		}
		if err := s.audit(ctx, tx, systemActor, "assignment.create", "assignment", a.ID); err != nil {
			return err
		}
		rows, toks = append(rows, a), append(toks, tok)
	}
	var c Client
	if err := tx.Select("id", "practitioner_id", "email_enc", "send_email", "unsubscribed_at", "archived_at").
		Where("id = ? AND practitioner_id = ?", rel.ClientID, rel.PractitionerID).First(&c).Error; err != nil {
		return notFound("client", err)
	}
	return s.mailInvitation(ctx, tx, c, rows, toks)
}

// ReleasedRow is an assignment released by a schedule or a course.
type ReleasedRow struct {
	AssignmentRow
	Kind string // schedule | course
}

// ReleasedSince lists pid's assignments released at or after since (for
// Today: since local midnight), newest first, at most limit.
func (s *Store) ReleasedSince(ctx context.Context, pid string, since time.Time, limit int) ([]ReleasedRow, bool, error) {
	limit = dashLimit(limit)
	var rels []Release
	if err := qReleasedSince(s.read(ctx), pid, since, limit+1).Find(&rels).Error; err != nil {
		return nil, false, fmt.Errorf("store: released: %w", err)
	}
	if len(rels) == 0 {
		return nil, false, nil // most days on Today: nothing released yet
	}
	kinds, ids := map[string]string{}, []string{}
	for _, r := range rels {
		kinds[r.ID] = r.Kind
		ids = append(ids, r.ID)
	}
	rows, err := s.assignmentRows(ctx, s.read(ctx).Where("practitioner_id = ? AND release_id IN ?", pid, ids).
		Order("created_at DESC").Order("id").Limit(limit+1))
	if err != nil {
		return nil, false, fmt.Errorf("store: released: %w", err)
	}
	rows, more := cutRows(rows, limit)
	out := make([]ReleasedRow, len(rows))
	for i, r := range rows {
		out[i] = ReleasedRow{r, kinds[r.ReleaseID]}
	}
	return out, more, nil
}

// ClientRelease is one release for a client: a schedule occurrence or a
// course step, with the assignments it created (none left when they were
// all cancelled and cleaned up).
type ClientRelease struct {
	Release
	AssignmentIDs []string
}

// ClientReleases lists the releases of one of pid's clients, oldest first
// (for the client export), owner-scoped like every client read.
func (s *Store) ClientReleases(ctx context.Context, pid, clientID string) ([]ClientRelease, error) {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	var rels []Release
	if err := s.ctx(ctx).Where("practitioner_id = ? AND client_id = ?", pid, clientID).
		Order("released_at").Order("occurrence").Find(&rels).Error; err != nil {
		return nil, fmt.Errorf("store: client releases: %w", err)
	}
	var as []Assignment
	if err := s.ctx(ctx).Select("id", "release_id").Where("practitioner_id = ? AND client_id = ? AND release_id <> ''", pid, clientID).
		Order("id").Find(&as).Error; err != nil {
		return nil, fmt.Errorf("store: client releases: %w", err)
	}
	byRelease := map[string][]string{}
	for _, a := range as {
		byRelease[a.ReleaseID] = append(byRelease[a.ReleaseID], a.ID)
	}
	out := make([]ClientRelease, len(rels))
	for i, r := range rels {
		out[i] = ClientRelease{r, byRelease[r.ID]}
	}
	return out, nil
}
