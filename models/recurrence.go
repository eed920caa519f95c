package models

import (
	"fmt"
	"time"
)

// How often a schedule repeats.
const (
	EveryWeek     = "week"
	EveryTwoWeeks = "2weeks"
	EveryMonth    = "month"
)

// DefaultReleaseTime is when releases happen, in the practitioner's time
// zone, unless a schedule or enrolment says otherwise.
const DefaultReleaseTime = "08:00"

// MaxOccurrences bounds a schedule's count (ten years of weeks).
const MaxOccurrences = 520

// rule is a schedule's recurrence from a start date. Its dates are:
//
//   - week: the first Weekday on or after Start, then every 7 days;
//   - 2weeks: the same, every 14 days;
//   - month: in each month from Start's month on, the first Weekday on or
//     after the day of the month Start falls on (that day capped at the
//     month's last day). Starting on Tuesday the 10th with Weekday 1 gives
//     the first Monday on or after the 10th of every month; it may fall in
//     the first days of the next month (day 31 → up to the 6th), and the
//     dates always come in order, at least 22 days apart.
//
// Dates are midnight UTC values naming a calendar day, as due dates are.
type rule struct {
	Every   string
	Weekday int // 1 = Monday … 7 = Sunday
	Start   time.Time
}

// date is the rule's k-th date (k from 1).
func (r rule) date(k int) time.Time {
	switch r.Every {
	case EveryMonth:
		y, m, d := r.Start.Date()
		first := time.Date(y, m+time.Month(k-1), 1, 0, 0, 0, 0, time.UTC)
		last := time.Date(first.Year(), first.Month()+1, 0, 0, 0, 0, 0, time.UTC).Day()
		return onOrAfter(first.AddDate(0, 0, min(d, last)-1), r.Weekday)
	case EveryTwoWeeks:
		return onOrAfter(r.Start, r.Weekday).AddDate(0, 0, 14*(k-1))
	default:
		return onOrAfter(r.Start, r.Weekday).AddDate(0, 0, 7*(k-1))
	}
}

// onOrAfter is the first day on or after d that is weekday wd (1 = Monday).
func onOrAfter(d time.Time, wd int) time.Time {
	return d.AddDate(0, 0, (wd-isoWeekday(d)+7)%7)
}

func isoWeekday(d time.Time) int {
	if w := int(d.Weekday()); w != 0 {
		return w
	}
	return 7
}

// releaseInstant is the moment a release on date happens: hh:mm on that
// calendar day in loc (so 08:00 stays 08:00 local across daylight-saving
// changes), as UTC.
func releaseInstant(date time.Time, hhmm string, loc *time.Location) time.Time {
	h, m, _ := parseClock(hhmm)
	y, mo, d := date.Date()
	return time.Date(y, mo, d, h, m, 0, 0, loc).UTC()
}

// parseClock reads "HH:MM" (24-hour).
func parseClock(s string) (h, m int, ok bool) {
	t, err := time.Parse("15:04", s)
	if err != nil {
		return 8, 0, false
	}
	return t.Hour(), t.Minute(), true
}

// localDate is the calendar day t falls on in loc, as a midnight UTC date.
func localDate(t time.Time, loc *time.Location) time.Time {
	y, m, d := t.In(loc).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// loadLoc is the practitioner's time zone ("" or unknown: UTC).
func loadLoc(name string) *time.Location {
	if name == "" {
		return time.UTC
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC
	}
	return loc
}

// occurrenceDate is the date of sc's occurrence n, and whether n is within
// the schedule (its count and end date).
func (sc *Schedule) occurrenceDate(n int) (time.Time, bool) {
	k := n - sc.BaseOccurrence
	if k < 1 || n > MaxOccurrences+sc.BaseOccurrence || (sc.Count > 0 && n > sc.Count) {
		return time.Time{}, false
	}
	d := rule{sc.Every, sc.Weekday, sc.StartOn}.date(k)
	if sc.UntilOn != nil && d.After(*sc.UntilOn) {
		return time.Time{}, false
	}
	return d, true
}

// nextDue finds the first occurrence from n on whose release is after
// notBefore (zero: the first from n, even if past) and when it is due;
// ok is false when the schedule has no more.
func (sc *Schedule) nextDue(n int, loc *time.Location, notBefore time.Time) (int, time.Time, bool) {
	for ; ; n++ {
		d, ok := sc.occurrenceDate(n)
		if !ok {
			return n, time.Time{}, false
		}
		at := releaseInstant(d, sc.ReleaseTime, loc)
		if notBefore.IsZero() || at.After(notBefore) {
			return n, at, true
		}
	}
}

// EveryWords says how often a schedule repeats, for pages.
func EveryWords(every string, weekday int) string {
	day := time.Weekday(weekday % 7).String()
	switch every {
	case EveryTwoWeeks:
		return "Every other " + day
	case EveryMonth:
		return fmt.Sprintf("Monthly on a %s", day)
	}
	return "Every " + day
}
