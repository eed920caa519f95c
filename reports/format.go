package reports

import "time"

// Document dates (assigned, due, submitted, notes, footer): answers carry
// their own wording from worksheets.

// shortDate is "20 Nov 2026"; dateTime adds the time of day.
func shortDate(t time.Time) string { return t.Format("2 Jan 2006") }
func dateTime(t time.Time) string  { return t.Format("2 Jan 2006, 15:04") }
