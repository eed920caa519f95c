package models

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"gorm.io/gorm"
)

// ScheduleInput is what a schedule is made or edited from. StartOn and
// UntilOn are dates (midnight UTC); Count is the number of occurrences in
// all, those already released included (0 with UntilOn set).
type ScheduleInput struct {
	WorksheetKeys []string
	Every         string
	Weekday       int
	StartOn       *time.Time
	UntilOn       *time.Time
	Count         int
	DueAfterDays  int
	ReleaseTime   string // HH:MM; "" is DefaultReleaseTime
	Instructions  string
}

// Input is the schedule as an input, for an edit to change.
func (sc *Schedule) Input() ScheduleInput {
	start := sc.StartOn
	return ScheduleInput{WorksheetKeys: sc.Keys(), Every: sc.Every, Weekday: sc.Weekday, StartOn: &start, UntilOn: sc.UntilOn,
		Count: sc.Count, DueAfterDays: sc.DueAfterDays, ReleaseTime: sc.ReleaseTime, Instructions: sc.Instructions}
}

// Keys are the worksheet keys released each time, in order.
func (sc *Schedule) Keys() []string { return strings.Split(sc.WorksheetKeys, ",") }

// Schedule states.
const (
	ScheduleActive  = "active"
	SchedulePaused  = "paused"
	ScheduleStopped = "stopped"
	ScheduleEnded   = "ended"
)

// ScheduleView is a schedule with what pages and the API show with it.
type ScheduleView struct {
	Schedule
	State    string
	Titles   []string   // worksheet titles, in Keys order
	Released int        // occurrences released so far
	NextOn   *time.Time // the next release's local date, nil when none
}

const maxScheduleKeys = 20

// checkSchedule validates in for pid; today is pid's local date.
func (s *Store) checkSchedule(tx *gorm.DB, pid string, in *ScheduleInput, today time.Time) []FieldProblem {
	var probs []FieldProblem
	add := func(f, m string) { probs = append(probs, FieldProblem{f, m}) }
	if len(in.WorksheetKeys) == 0 {
		add("worksheet_keys", "choose at least one worksheet")
	}
	if len(in.WorksheetKeys) > maxScheduleKeys {
		add("worksheet_keys", "choose at most "+strconv.Itoa(maxScheduleKeys)+" worksheets")
	}
	seen := map[string]bool{}
	for i, k := range in.WorksheetKeys {
		f := "worksheet_keys[" + strconv.Itoa(i) + "]"
		var n int64
		if err := visibleIn(tx, pid).Model(&WorksheetVersion{}).Where("key = ?", k).Count(&n).Error; err != nil || n == 0 {
			add(f, "no worksheet with this key")
		} else if seen[k] {
			add(f, "is listed twice")
		}
		seen[k] = true
	}
	if in.Every != EveryWeek && in.Every != EveryTwoWeeks && in.Every != EveryMonth {
		add("every", `must be "week", "2weeks" or "month"`)
	}
	if in.Weekday < 1 || in.Weekday > 7 {
		add("weekday", "must be 1 (Monday) to 7 (Sunday)")
	}
	switch {
	case in.StartOn == nil:
		add("start_on", "is required")
	case in.StartOn.Before(today):
		add("start_on", "must not be in the past")
	case in.StartOn.After(today.AddDate(2, 0, 0)):
		add("start_on", "must be within two years")
	}
	switch {
	case in.UntilOn != nil && in.Count != 0:
		add("count", "give an end date or a number of times, not both")
	case in.UntilOn == nil && in.Count == 0:
		add("count", "give an end date or a number of times")
	case in.UntilOn == nil && (in.Count < 1 || in.Count > MaxOccurrences):
		add("count", "must be between 1 and "+strconv.Itoa(MaxOccurrences))
	case in.UntilOn != nil && in.StartOn != nil && in.UntilOn.Before(*in.StartOn):
		add("until_on", "must be on or after the start date")
	case in.UntilOn != nil && in.StartOn != nil && in.UntilOn.After(in.StartOn.AddDate(10, 0, 0)):
		add("until_on", "must be within ten years of the start")
	}
	if in.DueAfterDays < 0 || in.DueAfterDays > 90 {
		add("due_after_days", "must be between 0 and 90")
	}
	if in.ReleaseTime == "" {
		in.ReleaseTime = DefaultReleaseTime
	}
	if _, _, ok := parseClock(in.ReleaseTime); !ok {
		add("release_time", "must be a time like 08:00")
	}
	in.Instructions = strings.TrimSpace(in.Instructions)
	if utf8.RuneCountInString(in.Instructions) > 5000 {
		add("instructions", "must be at most 5000 characters")
	}
	return probs
}

// practitionerLoc is pid's time zone, read in tx.
func practitionerLoc(tx *gorm.DB, pid string) (*time.Location, error) {
	var p Practitioner
	if err := tx.Select("time_zone").Where("id = ?", pid).First(&p).Error; err != nil {
		return nil, notFound("practitioner", err)
	}
	return loadLoc(p.TimeZone), nil
}

// activeClient loads one of pid's clients in tx; an archived one is a
// problem on client_id.
func activeClient(tx *gorm.DB, pid, id string) error {
	var c Client
	if err := tx.Select("id", "archived_at").Where("id = ? AND practitioner_id = ?", id, pid).First(&c).Error; err != nil {
		return notFound("client", err)
	}
	if c.ArchivedAt != nil {
		return invalid("client_id", "this client is archived; restore them first")
	}
	return nil
}

// CreateSchedule starts a schedule for one of pid's clients. Nothing is
// written unless every field is valid; the first release comes with
// ReleaseDue (at once when it is already due).
func (s *Store) CreateSchedule(ctx context.Context, pid, clientID string, in ScheduleInput) (*ScheduleView, error) {
	var id string
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := activeClient(tx, pid, clientID); err != nil {
			return err
		}
		loc, err := practitionerLoc(tx, pid)
		if err != nil {
			return err
		}
		if probs := s.checkSchedule(tx, pid, &in, localDate(s.now(), loc)); len(probs) > 0 {
			return &ValidationError{probs}
		}
		sc := Schedule{ID: newID(), PractitionerID: pid, ClientID: clientID, NextOccurrence: 1}
		sc.apply(in)
		if err := sc.seal(s.crypt); err != nil {
			return err
		}
		n, at, ok := sc.nextDue(1, loc, time.Time{})
		if !ok {
			return invalid("until_on", "no release falls between the start and the end date")
		}
		sc.NextOccurrence, sc.NextReleaseAt = n, &at
		id = sc.ID
		if err := tx.Create(&sc).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "schedule.create", "schedule", sc.ID)
	})
	if err != nil {
		return nil, scheduleErr("create schedule", err)
	}
	return s.ScheduleByID(ctx, pid, id)
}

func (sc *Schedule) apply(in ScheduleInput) {
	sc.WorksheetKeys, sc.Every, sc.Weekday = strings.Join(in.WorksheetKeys, ","), in.Every, in.Weekday
	sc.StartOn, sc.UntilOn, sc.Count, sc.DueAfterDays = *in.StartOn, in.UntilOn, in.Count, in.DueAfterDays
	sc.ReleaseTime, sc.Instructions = in.ReleaseTime, in.Instructions
}

func scheduleErr(op string, err error) error {
	var ve *ValidationError
	if errors.Is(err, ErrNotFound) || errors.As(err, &ve) || errors.Is(err, ErrConflict) {
		return err
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// ScheduleByID loads one of pid's schedules.
func (s *Store) ScheduleByID(ctx context.Context, pid, id string) (*ScheduleView, error) {
	var sc Schedule
	if err := s.ctx(ctx).Where("id = ? AND practitioner_id = ?", id, pid).First(&sc).Error; err != nil {
		return nil, notFound("schedule", err)
	}
	if err := sc.open(s.crypt); err != nil {
		return nil, err
	}
	vs, err := s.scheduleViews(ctx, pid, []Schedule{sc})
	if err != nil {
		return nil, err
	}
	return &vs[0], nil
}

// Schedules lists the schedules of one of pid's clients, newest first.
func (s *Store) Schedules(ctx context.Context, pid, clientID string) ([]ScheduleView, error) {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	var rows []Schedule
	if err := s.ctx(ctx).Where("practitioner_id = ? AND client_id = ?", pid, clientID).Order("id DESC").Limit(100).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: schedules: %w", err)
	}
	if err := openRows(s.crypt, rows); err != nil {
		return nil, err
	}
	return s.scheduleViews(ctx, pid, rows)
}

func (s *Store) scheduleViews(ctx context.Context, pid string, rows []Schedule) ([]ScheduleView, error) {
	p, err := s.PractitionerByID(ctx, pid)
	if err != nil {
		return nil, err
	}
	loc := loadLoc(p.TimeZone)
	ws, err := s.ListWorksheets(ctx, pid)
	if err != nil {
		return nil, err
	}
	titles := map[string]string{}
	for _, w := range ws {
		titles[w.Key] = w.Title
	}
	out := make([]ScheduleView, len(rows))
	for i, sc := range rows {
		v := ScheduleView{Schedule: sc, Released: sc.NextOccurrence - 1}
		var n int64
		if err := s.ctx(ctx).Model(&Release{}).Where("source_id = ?", sc.ID).Count(&n).Error; err != nil {
			return nil, fmt.Errorf("store: schedule releases: %w", err)
		}
		v.Released = int(n)
		for _, k := range sc.Keys() {
			v.Titles = append(v.Titles, titles[k])
		}
		switch {
		case sc.StoppedAt != nil:
			v.State = ScheduleStopped
		case sc.PausedAt != nil:
			v.State = SchedulePaused
		case sc.NextReleaseAt == nil:
			v.State = ScheduleEnded
		default:
			v.State = ScheduleActive
			d := localDate(*sc.NextReleaseAt, loc)
			v.NextOn = &d
		}
		out[i] = v
	}
	return out, nil
}

// changeSchedule runs change on one of pid's live schedules (not stopped)
// in a transaction, with pid's time zone and local date, then audits.
func (s *Store) changeSchedule(ctx context.Context, pid, id, action string, change func(tx *gorm.DB, sc *Schedule, loc *time.Location) error) (*ScheduleView, error) {
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var sc Schedule
		if err := tx.Where("id = ? AND practitioner_id = ?", id, pid).First(&sc).Error; err != nil {
			return notFound("schedule", err)
		}
		if sc.StoppedAt != nil {
			return fmt.Errorf("%w: this schedule was stopped; start a new one", ErrConflict)
		}
		loc, err := practitionerLoc(tx, pid)
		if err != nil {
			return err
		}
		if err := change(tx, &sc, loc); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), action, "schedule", id)
	})
	if err != nil {
		return nil, scheduleErr(action, err)
	}
	return s.ScheduleByID(ctx, pid, id)
}

// PauseSchedule holds a schedule's releases until it is resumed.
func (s *Store) PauseSchedule(ctx context.Context, pid, id string) (*ScheduleView, error) {
	return s.changeSchedule(ctx, pid, id, "schedule.pause", func(tx *gorm.DB, sc *Schedule, _ *time.Location) error {
		return tx.Model(sc).Updates(map[string]any{"paused_at": s.now(), "next_release_at": nil}).Error
	})
}

// ResumeSchedule restarts a paused schedule with its next occurrence still
// to come: those that fell while it was paused are skipped, not sent late.
func (s *Store) ResumeSchedule(ctx context.Context, pid, id string) (*ScheduleView, error) {
	return s.changeSchedule(ctx, pid, id, "schedule.resume", func(tx *gorm.DB, sc *Schedule, loc *time.Location) error {
		n, at, ok := sc.nextDue(sc.NextOccurrence, loc, s.now())
		next := any(nil)
		if ok {
			next = at
		}
		return tx.Model(sc).Updates(map[string]any{"paused_at": nil, "next_occurrence": n, "next_release_at": next}).Error
	})
}

// EditSchedule changes what and when a schedule releases from now on;
// released work is untouched. The new rule starts on in.StartOn, or on the
// day after the last release if that is later, so nothing is sent twice.
func (s *Store) EditSchedule(ctx context.Context, pid, id string, in ScheduleInput) (*ScheduleView, error) {
	return s.changeSchedule(ctx, pid, id, "schedule.edit", func(tx *gorm.DB, sc *Schedule, loc *time.Location) error {
		today := localDate(s.now(), loc)
		if in.StartOn != nil && in.StartOn.Before(today) {
			in.StartOn = &today
		}
		var last Release
		if err := tx.Where("source_id = ?", sc.ID).Order("occurrence DESC").Limit(1).Find(&last).Error; err != nil {
			return err
		}
		if last.ID != "" && in.StartOn != nil {
			if after := localDate(last.ReleasedAt, loc).AddDate(0, 0, 1); in.StartOn.Before(after) {
				in.StartOn = &after
			}
		}
		if probs := s.checkSchedule(tx, pid, &in, today); len(probs) > 0 {
			return &ValidationError{probs}
		}
		released := sc.NextOccurrence - 1
		if in.Count != 0 && in.Count <= released {
			return invalid("count", "must be more than the "+strconv.Itoa(released)+" already released")
		}
		sc.apply(in)
		if err := sc.seal(s.crypt); err != nil {
			return err
		}
		sc.BaseOccurrence = released
		n, at, ok := sc.nextDue(sc.NextOccurrence, loc, time.Time{})
		if !ok {
			return invalid("until_on", "no release falls between the start and the end date")
		}
		sc.NextOccurrence = n
		sc.NextReleaseAt = &at
		if sc.PausedAt != nil {
			sc.NextReleaseAt = nil
		}
		return tx.Select("*").Updates(sc).Error
	})
}

// StopSchedule ends a schedule for good. Work already released stays.
func (s *Store) StopSchedule(ctx context.Context, pid, id string) error {
	_, err := s.changeSchedule(ctx, pid, id, "schedule.stop", func(tx *gorm.DB, sc *Schedule, _ *time.Location) error {
		return tx.Model(sc).Updates(map[string]any{"stopped_at": s.now(), "next_release_at": nil}).Error
	})
	return err
}
