package httpx

import (
	"time"

	"github.com/tend-health/tend/models"
)

// EarliestDate is the first date Tend accepts in any date input.
var EarliestDate = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// DateBounds is the inclusive range of dates an input accepts, with what to
// say (after the field's name) about a date before or after it.
type DateBounds struct {
	Min, Max    time.Time
	Early, Late string
}

// DueBounds are a due date's: from today to two years ahead (a link's expiry
// follows the due date, so it must stay a real, storable time).
func DueBounds(today time.Time) DateBounds {
	max := today.AddDate(2, 0, 0)
	return DateBounds{Min: today, Max: max, Early: "must not be in the past",
		Late: "must be within two years, by " + max.Format("2006-01-02")}
}

// PastBounds are a date that already happened (a session held, a summary's
// period): from EarliestDate to today.
func PastBounds(today time.Time) DateBounds {
	return DateBounds{Min: EarliestDate, Max: today, Early: "must not be before " + EarliestDate.Format("2006-01-02"),
		Late: "must not be after today, " + today.Format("2006-01-02")}
}

// ParseDate reads YYYY-MM-DD ("" = none) within b: every date input goes
// through it. problem is "" or what is wrong, in words that follow the
// field's name ("must be a date like 2026-12-31").
func ParseDate(s string, b DateBounds) (d *time.Time, problem string) {
	if s == "" {
		return nil, ""
	}
	t, err := time.Parse("2006-01-02", s)
	switch {
	case err != nil:
		return nil, "must be a date like " + b.Min.Format("2006-01-02")
	case t.Before(b.Min):
		return nil, b.Early
	case t.After(b.Max):
		return nil, b.Late
	}
	return &t, ""
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

// HomeURL is the client's own page link for tok (TEND_BASE_URL/c/<token>).
func (k *Kit) HomeURL(tok string) string { return k.Config.BaseURL + "/c/" + tok }

// LinkActive reports whether an assignment's link still opens.
func (k *Kit) LinkActive(a models.Assignment) bool {
	return a.LinkRevokedAt == nil && a.Status != models.StatusCancelled && a.LinkExpiresAt.After(k.Store.Now())
}

var assignmentStatuses = map[string]bool{models.StatusAssigned: true, models.StatusInProgress: true,
	models.StatusSubmitted: true, models.StatusReviewed: true, models.StatusCancelled: true}

// IsAssignmentStatus reports whether s names an assignment status (a list filter).
func IsAssignmentStatus(s string) bool { return assignmentStatuses[s] }
