package pdfdoc

import (
	"context"
	"time"
)

// The client's schedules and courses in client.json, each with what it
// has released so far.

type exportRelease struct {
	Occurrence    int       `json:"occurrence"` // schedule: 1, 2, …; course: the step's position, from 1
	ReleasedAt    time.Time `json:"released_at"`
	AssignmentIDs []string  `json:"assignment_ids"`
}

type exportSchedule struct {
	ID            string          `json:"id"`
	WorksheetKeys []string        `json:"worksheet_keys"`
	Every         string          `json:"every"`
	Weekday       int             `json:"weekday"`
	StartOn       time.Time       `json:"start_on"`
	UntilOn       *time.Time      `json:"until_on,omitempty"`
	Count         int             `json:"count,omitempty"`
	DueAfterDays  int             `json:"due_after_days"`
	ReleaseTime   string          `json:"release_time"`
	Instructions  string          `json:"instructions,omitempty"`
	State         string          `json:"state"`
	CreatedAt     time.Time       `json:"created_at"`
	PausedAt      *time.Time      `json:"paused_at,omitempty"`
	StoppedAt     *time.Time      `json:"stopped_at,omitempty"`
	Releases      []exportRelease `json:"releases"`
}

type exportStep struct {
	ID           string     `json:"id"`
	Worksheet    string     `json:"worksheet_key"`
	State        string     `json:"state"`
	At           *time.Time `json:"at,omitempty"`
	AssignmentID string     `json:"assignment_id,omitempty"`
}

type exportEnrolment struct {
	ID          string          `json:"id"`
	CourseKey   string          `json:"course_key"`
	Title       string          `json:"title"`
	StartOn     time.Time       `json:"start_on"`
	ReleaseTime string          `json:"release_time"`
	CreatedAt   time.Time       `json:"created_at"`
	CompletedAt *time.Time      `json:"completed_at,omitempty"`
	StoppedAt   *time.Time      `json:"stopped_at,omitempty"`
	Steps       []exportStep    `json:"steps"`
	Releases    []exportRelease `json:"releases"`
}

// clientPlans loads the client's schedules and course enrolments with
// their releases (owner-scoped in the store).
func (d *Docs) clientPlans(ctx context.Context, pid, clientID string) ([]exportSchedule, []exportEnrolment, error) {
	rels, err := d.Store.ClientReleases(ctx, pid, clientID)
	if err != nil {
		return nil, nil, err
	}
	bySource := map[string][]exportRelease{}
	for _, r := range rels {
		ids := r.AssignmentIDs
		if ids == nil {
			ids = []string{}
		}
		bySource[r.SourceID] = append(bySource[r.SourceID], exportRelease{r.Occurrence, r.ReleasedAt, ids})
	}
	released := func(id string) []exportRelease {
		if r := bySource[id]; r != nil {
			return r
		}
		return []exportRelease{}
	}
	scs, err := d.Store.Schedules(ctx, pid, clientID)
	if err != nil {
		return nil, nil, err
	}
	schedules := make([]exportSchedule, 0, len(scs))
	for _, v := range scs {
		schedules = append(schedules, exportSchedule{v.ID, v.Keys(), v.Every, v.Weekday, v.StartOn, v.UntilOn, v.Count, v.DueAfterDays,
			v.ReleaseTime, v.Instructions, v.State, v.CreatedAt, v.PausedAt, v.StoppedAt, released(v.ID)})
	}
	ens, err := d.Store.Enrolments(ctx, pid, clientID)
	if err != nil {
		return nil, nil, err
	}
	enrolments := make([]exportEnrolment, 0, len(ens))
	for _, v := range ens {
		e := exportEnrolment{ID: v.ID, CourseKey: v.CourseKey, Title: v.Title, StartOn: v.StartOn, ReleaseTime: v.ReleaseTime,
			CreatedAt: v.CreatedAt, CompletedAt: v.CompletedAt, StoppedAt: v.StoppedAt, Steps: []exportStep{}, Releases: released(v.ID)}
		for _, s := range v.Steps {
			e.Steps = append(e.Steps, exportStep{s.ID, s.Worksheet, s.State, s.At, s.AssignmentID})
		}
		enrolments = append(enrolments, e)
	}
	return schedules, enrolments, nil
}
