package httpx

import (
	"time"

	"github.com/tend-health/tend/models"
)

// ParseDate reads YYYY-MM-DD ("" = none).
func ParseDate(s string) (*time.Time, bool) {
	if s == "" {
		return nil, true
	}
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		return nil, false
	}
	return &t, true
}

// LocalDate is the calendar date of t in loc, as midnight UTC: how due dates
// and session dates are stored, so "today" compares with them directly.
func LocalDate(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// DateString formats a date as YYYY-MM-DD (nil stays nil).
func DateString(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := t.Format("2006-01-02")
	return &s
}

// LinkURL is the private link a client opens for a raw link token.
func (k *Kit) LinkURL(tok string) string { return k.Config.BaseURL + "/w/" + tok }

// LinkActive reports whether an assignment's link still opens.
func (k *Kit) LinkActive(a models.Assignment) bool {
	return a.LinkRevokedAt == nil && a.Status != models.StatusCancelled && a.LinkExpiresAt.After(k.Store.Now())
}

var assignmentStatuses = map[string]bool{models.StatusAssigned: true, models.StatusInProgress: true,
	models.StatusSubmitted: true, models.StatusReviewed: true, models.StatusCancelled: true}

// IsAssignmentStatus reports whether s names an assignment status (a list filter).
func IsAssignmentStatus(s string) bool { return assignmentStatuses[s] }
