package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"time"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// CourseView is a course a practitioner can enrol clients in.
type CourseView struct {
	*worksheets.Course
	Source string // builtin | custom
}

// YAMLSource is the course as YAML to download: a built-in course's own
// file (with its comments), or a custom one written from its definition.
func (cv *CourseView) YAMLSource() ([]byte, error) {
	if cv.Source == SourceBuiltin {
		if data, ok := worksheets.BuiltinCourseYAML(cv.Key); ok {
			return data, nil
		}
	}
	return cv.YAML()
}

// Courses lists the built-in courses and pid's own, by title.
func (s *Store) Courses(ctx context.Context, pid string) ([]CourseView, error) {
	builtin, err := worksheets.BuiltinCourses()
	if err != nil {
		return nil, err
	}
	var out []CourseView
	for _, c := range builtin {
		out = append(out, CourseView{c, SourceBuiltin})
	}
	var rows []CustomCourse
	if err := s.ctx(ctx).Where("owner_id = ?", pid).Order("key").Limit(500).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: courses: %w", err)
	}
	for _, r := range rows {
		c, err := decodeCourse(r.Definition)
		if err != nil {
			return nil, err
		}
		out = append(out, CourseView{c, SourceCustom})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Title < out[j].Title })
	return out, nil
}

// CourseByKey is one course pid can use (their own, or a built-in one).
func (s *Store) CourseByKey(ctx context.Context, pid, key string) (*CourseView, error) {
	cs, err := s.Courses(ctx, pid)
	if err != nil {
		return nil, err
	}
	for _, c := range cs {
		if c.Key == key {
			return &c, nil
		}
	}
	return nil, ErrNotFound
}

func decodeCourse(js string) (*worksheets.Course, error) {
	var c worksheets.Course
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		return nil, fmt.Errorf("store: course definition: %w", err)
	}
	return &c, nil
}

// WorksheetKeySet lists the worksheet keys pid can use (to check a course).
func (s *Store) WorksheetKeySet(ctx context.Context, pid string) (map[string]bool, error) {
	var keys []string
	if err := s.visibleTo(ctx, pid).Model(&WorksheetVersion{}).Distinct("key").Limit(5000).Pluck("key", &keys).Error; err != nil {
		return nil, fmt.Errorf("store: worksheet keys: %w", err)
	}
	out := map[string]bool{}
	for _, k := range keys {
		out[k] = true
	}
	return out, nil
}

// SaveCustomCourse stores a checked course as pid's own, replacing pid's
// course with the same key (clients already enrolled keep the steps they
// started with). A built-in course's key is ErrConflict: copy it under a
// new key.
func (s *Store) SaveCustomCourse(ctx context.Context, pid string, c *worksheets.Course) error {
	if _, ok := worksheets.BuiltinCourseYAML(c.Key); ok {
		return fmt.Errorf("%w: the key %q belongs to a built-in course; give your copy a key of its own", ErrConflict, c.Key)
	}
	js, err := json.Marshal(c)
	if err != nil {
		return err
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var row CustomCourse
		if err := tx.Where("owner_id = ? AND key = ?", pid, c.Key).Limit(1).Find(&row).Error; err != nil {
			return err
		}
		if row.ID == "" {
			row = CustomCourse{ID: newID(), OwnerID: pid, Key: c.Key}
		}
		row.Title, row.Definition = c.Title, string(js)
		if err := tx.Save(&row).Error; err != nil {
			return fmt.Errorf("store: save course: %w", err)
		}
		return s.audit(ctx, tx, practitionerActor(pid), "course.save", "course", row.ID)
	})
}

// Enrol starts one of pid's clients on a course from startOn (a date):
// each step is released by ReleaseDue at releaseTime ("" = 08:00) in pid's
// time zone.
func (s *Store) Enrol(ctx context.Context, pid, clientID, courseKey string, startOn *time.Time, releaseTime string) (*EnrolmentView, error) {
	course, err := s.CourseByKey(ctx, pid, courseKey)
	if errors.Is(err, ErrNotFound) {
		return nil, invalid("course_key", "no course with this key")
	} else if err != nil {
		return nil, err
	}
	have, err := s.WorksheetKeySet(ctx, pid)
	if err != nil {
		return nil, err
	}
	if releaseTime == "" {
		releaseTime = DefaultReleaseTime
	}
	var id string
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := activeClient(tx, pid, clientID); err != nil {
			return err
		}
		loc, err := practitionerLoc(tx, pid)
		if err != nil {
			return err
		}
		today := localDate(s.now(), loc)
		var probs []FieldProblem
		switch {
		case startOn == nil:
			probs = append(probs, FieldProblem{"start_on", "is required"})
		case startOn.Before(today):
			probs = append(probs, FieldProblem{"start_on", "must not be in the past"})
		case startOn.After(today.AddDate(2, 0, 0)):
			probs = append(probs, FieldProblem{"start_on", "must be within two years"})
		}
		if _, _, ok := parseClock(releaseTime); !ok {
			probs = append(probs, FieldProblem{"release_time", "must be a time like 08:00"})
		}
		for _, st := range course.Steps {
			if !have[st.Worksheet] {
				probs = append(probs, FieldProblem{"course_key", "step " + st.ID + " uses the worksheet " + st.Worksheet + ", which you do not have"})
			}
		}
		if len(probs) > 0 {
			return &ValidationError{probs}
		}
		js, err := json.Marshal(course.Course)
		if err != nil {
			return err
		}
		e := Enrolment{ID: newID(), PractitionerID: pid, ClientID: clientID, CourseKey: course.Key, Title: course.Title,
			Definition: string(js), StartOn: *startOn, ReleaseTime: releaseTime}
		plan := planSteps(&e, course.Course, nil, loc)
		e.NextReleaseAt, e.Waiting = plan.next, plan.waiting
		id = e.ID
		if err := tx.Create(&e).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "course.enrol", "enrolment", e.ID)
	})
	if err != nil {
		return nil, scheduleErr("enrol", err)
	}
	return s.EnrolmentByID(ctx, pid, id)
}

// StopEnrolment ends a client's course; released work stays.
func (s *Store) StopEnrolment(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Enrolment{}).Where("id = ? AND practitioner_id = ? AND stopped_at IS NULL", id, pid).
			Updates(map[string]any{"stopped_at": s.now(), "next_release_at": nil, "waiting": false})
		if res.Error != nil {
			return fmt.Errorf("store: stop course: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			var n int64
			if err := tx.Model(&Enrolment{}).Where("id = ? AND practitioner_id = ?", id, pid).Count(&n).Error; err != nil || n == 0 {
				return ErrNotFound
			}
			return nil
		}
		return s.audit(ctx, tx, practitionerActor(pid), "course.stop", "enrolment", id)
	})
}
