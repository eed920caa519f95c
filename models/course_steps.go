package models

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// Step states on a client's course.
const (
	StepReleased  = "released"
	StepScheduled = "scheduled" // released on a known date
	StepWaiting   = "waiting"   // waits for another step to be sent
)

// StepProgress is one step of an enrolment as it stands.
type StepProgress struct {
	worksheets.CourseStep
	Title        string
	State        string
	At           *time.Time // released at, or due to be (nil while waiting)
	AssignmentID string     // once released
	Status       string     // the assignment's status, once released
	WaitsFor     string     // the step id it waits for
	WaitsForName string     // that step's worksheet title
}

// EnrolmentView is a client's course with each step's progress.
type EnrolmentView struct {
	Enrolment
	Course *worksheets.Course
	Steps  []StepProgress
	Done   int // steps released
}

// releasedStep is a released step and its (first) assignment.
type releasedStep struct {
	Release
	AssignmentID string
	Status       string
	SubmittedAt  *time.Time
}

// stepPlan is when each step of an enrolment is due.
type stepPlan struct {
	at      []*time.Time // nil: released or waiting
	next    *time.Time   // the earliest pending step with a date
	waiting bool         // a pending step waits for a step to be sent
	left    int          // steps not yet released
}

// planSteps works out when each unreleased step is due: day steps on
// StartOn + day, after steps once the step they follow was sent (the
// local day it was sent + days), each at the enrolment's release time.
func planSteps(e *Enrolment, c *worksheets.Course, done map[int]releasedStep, loc *time.Location) stepPlan {
	p := stepPlan{at: make([]*time.Time, len(c.Steps))}
	for i, st := range c.Steps {
		if _, ok := done[i+1]; ok {
			continue
		}
		p.left++
		var at time.Time
		switch {
		case st.Day != nil:
			at = releaseInstant(e.StartOn.AddDate(0, 0, *st.Day), e.ReleaseTime, loc)
		case st.After != nil:
			prev, ok := done[c.StepIndex(st.After.Step)+1]
			if !ok || prev.SubmittedAt == nil {
				p.waiting = true
				continue
			}
			at = releaseInstant(localDate(*prev.SubmittedAt, loc).AddDate(0, 0, st.After.Days), e.ReleaseTime, loc)
		}
		p.at[i] = &at
		if p.next == nil || at.Before(*p.next) {
			p.next = &at
		}
	}
	return p
}

// releasedSteps loads the released steps of enrolment id in db.
func releasedSteps(db *gorm.DB, id string) (map[int]releasedStep, error) {
	var rels []Release
	if err := db.Where("source_id = ?", id).Find(&rels).Error; err != nil {
		return nil, err
	}
	out := map[int]releasedStep{}
	ids := []string{}
	for _, r := range rels {
		out[r.Occurrence] = releasedStep{Release: r}
		ids = append(ids, r.ID)
	}
	if len(ids) == 0 {
		return out, nil
	}
	var as []Assignment
	if err := db.Select("id", "release_id", "status", "submitted_at").Where("release_id IN ?", ids).Order("id").Find(&as).Error; err != nil {
		return nil, err
	}
	for _, a := range as {
		for n, r := range out {
			if r.ID == a.ReleaseID && r.AssignmentID == "" {
				r.AssignmentID, r.Status, r.SubmittedAt = a.ID, a.Status, a.SubmittedAt
				out[n] = r
			}
		}
	}
	return out, nil
}

// releaseSteps releases every step of enrolment id due at now, one
// transaction each, and returns how many it released.
func (s *Store) releaseSteps(ctx context.Context, id string, now time.Time) (int, error) {
	n := 0
	for n < worksheets.MaxCourseSteps {
		err := s.releaseNextStep(ctx, id, now)
		if errors.Is(err, errReleasedElsewhere) {
			return n, nil
		}
		if err != nil {
			return n, fmt.Errorf("store: release course step: %w", err)
		}
		n++
	}
	return n, nil
}

// releaseNextStep releases the earliest due step of enrolment id, or
// brings the enrolment's next date up to date and answers
// errReleasedElsewhere when none is due.
func (s *Store) releaseNextStep(ctx context.Context, id string, now time.Time) error {
	released := false
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var e Enrolment
		if err := tx.Where("id = ?", id).First(&e).Error; err != nil {
			return notFound("enrolment", err)
		}
		if e.StoppedAt != nil || e.CompletedAt != nil {
			return errReleasedElsewhere
		}
		c, err := decodeCourse(e.Definition)
		if err != nil {
			return err
		}
		loc, err := practitionerLoc(tx, e.PractitionerID)
		if err != nil {
			return err
		}
		done, err := releasedSteps(tx, e.ID)
		if err != nil {
			return err
		}
		plan := planSteps(&e, c, done, loc)
		due := -1
		for i, at := range plan.at {
			if at != nil && !at.After(now) && (due < 0 || at.Before(*plan.at[due])) {
				due = i
			}
		}
		if due >= 0 {
			rel, err := s.insertRelease(tx, e.PractitionerID, e.ClientID, "course", e.ID, due+1)
			if err != nil {
				return err
			}
			var dueOn *time.Time
			if c.DueAfterDays > 0 {
				dueOn = dueAfter(localDate(now, loc), c.DueAfterDays)
			}
			if err := s.releaseAssignments(ctx, tx, rel, []string{c.Steps[due].Worksheet}, dueOn, "", now); err != nil {
				return err
			}
			done[due+1] = releasedStep{Release: rel}
			plan = planSteps(&e, c, done, loc)
			if err := s.audit(ctx, tx, systemActor, "course.release", "enrolment", e.ID); err != nil {
				return err
			}
		}
		upd := map[string]any{"next_release_at": plan.next, "waiting": plan.waiting, "updated_at": now}
		if plan.left == 0 {
			upd["completed_at"] = now
		}
		res := tx.Model(&Enrolment{}).Where("id = ? AND stopped_at IS NULL", e.ID).Updates(upd)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			// Stopped, or the client erased, since it was read: roll back.
			return errReleasedElsewhere
		}
		released = due >= 0
		return nil
	})
	if err == nil && !released {
		return errReleasedElsewhere
	}
	return err
}

// wakeWindow: submissions this recent are looked at again on every run, so
// one that committed just after a run read its enrolment (its time earlier
// than that run's) is still seen.
const wakeWindow = time.Hour

// wakeWaitingSteps gives a date to the steps that wait for a step sent
// since their enrolment was last looked at (or within wakeWindow).
func (s *Store) wakeWaitingSteps(ctx context.Context, now time.Time) error {
	var ids []string
	err := s.ctx(ctx).Table("course_enrolments AS e").
		Joins("JOIN releases r ON r.source_id = e.id").Joins("JOIN assignments a ON a.release_id = r.id").
		Where("e.waiting = ? AND e.stopped_at IS NULL AND e.completed_at IS NULL AND (a.submitted_at >= e.updated_at OR a.submitted_at >= ?)",
			true, now.Add(-wakeWindow)).
		Distinct("e.id").Limit(500).Pluck("e.id", &ids).Error
	if err != nil {
		return fmt.Errorf("store: waiting course steps: %w", err)
	}
	for _, id := range ids {
		if _, err := s.releaseSteps(ctx, id, now); err != nil {
			return err
		}
	}
	return nil
}

// EnrolmentByID loads one of pid's enrolments with its progress.
func (s *Store) EnrolmentByID(ctx context.Context, pid, id string) (*EnrolmentView, error) {
	var e Enrolment
	if err := s.ctx(ctx).Where("id = ? AND practitioner_id = ?", id, pid).First(&e).Error; err != nil {
		return nil, notFound("enrolment", err)
	}
	return s.enrolmentView(ctx, e)
}

// Enrolments lists the courses of one of pid's clients, newest first.
func (s *Store) Enrolments(ctx context.Context, pid, clientID string) ([]EnrolmentView, error) {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	var rows []Enrolment
	if err := s.ctx(ctx).Where("practitioner_id = ? AND client_id = ?", pid, clientID).Order("id DESC").Limit(50).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: enrolments: %w", err)
	}
	out := make([]EnrolmentView, 0, len(rows))
	for _, e := range rows {
		v, err := s.enrolmentView(ctx, e)
		if err != nil {
			return nil, err
		}
		out = append(out, *v)
	}
	return out, nil
}

func (s *Store) enrolmentView(ctx context.Context, e Enrolment) (*EnrolmentView, error) {
	c, err := decodeCourse(e.Definition)
	if err != nil {
		return nil, err
	}
	loc, err := practitionerLoc(s.ctx(ctx), e.PractitionerID)
	if err != nil {
		return nil, err
	}
	done, err := releasedSteps(s.ctx(ctx), e.ID)
	if err != nil {
		return nil, fmt.Errorf("store: enrolment: %w", err)
	}
	titles := map[string]string{}
	if ws, err := s.ListWorksheets(ctx, e.PractitionerID); err == nil {
		for _, w := range ws {
			titles[w.Key] = w.Title
		}
	}
	plan := planSteps(&e, c, done, loc)
	v := &EnrolmentView{Enrolment: e, Course: c}
	for i, st := range c.Steps {
		sp := StepProgress{CourseStep: st, Title: titles[st.Worksheet], At: plan.at[i]}
		if r, ok := done[i+1]; ok {
			at := r.ReleasedAt
			sp.State, sp.At, sp.AssignmentID, sp.Status = StepReleased, &at, r.AssignmentID, r.Status
			v.Done++
		} else if sp.At != nil {
			sp.State = StepScheduled
		} else {
			sp.State = StepWaiting
			sp.WaitsFor = st.After.Step
			if j := c.StepIndex(st.After.Step); j >= 0 {
				sp.WaitsForName = titles[c.Steps[j].Worksheet]
			}
		}
		v.Steps = append(v.Steps, sp)
	}
	return v, nil
}
