package models

import (
	"testing"
	"time"
)

// TestRuleDates pins the documented meaning of each repeat: weekly and
// fortnightly from the first chosen weekday on or after the start; monthly
// on the first chosen weekday on or after the start's day of the month,
// that day capped at the month's end.
func TestRuleDates(t *testing.T) {
	t.Parallel()
	d := func(s string) time.Time { v, _ := time.Parse(time.DateOnly, s); return v }
	cases := []struct {
		r    rule
		want []string
	}{
		{rule{EveryWeek, 1, d("2026-11-04")}, []string{"2026-11-09", "2026-11-16", "2026-11-23"}},
		{rule{EveryWeek, 3, d("2026-11-04")}, []string{"2026-11-04", "2026-11-11"}},
		{rule{EveryTwoWeeks, 7, d("2026-11-02")}, []string{"2026-11-08", "2026-11-22", "2026-12-06"}},
		// From Tuesday 10 Nov, Mondays: the first Monday on or after the 10th.
		{rule{EveryMonth, 1, d("2026-11-10")}, []string{"2026-11-16", "2026-12-14", "2027-01-11", "2027-02-15"}},
		// From the 31st: February caps at the 28th; May's lands in June.
		{rule{EveryMonth, 2, d("2027-01-31")}, []string{"2027-02-02", "2027-03-02", "2027-04-06", "2027-05-04", "2027-06-01", "2027-07-06"}},
	}
	for _, c := range cases {
		for k, want := range c.want {
			if got := c.r.date(k + 1).Format(time.DateOnly); got != want {
				t.Errorf("%s weekday %d from %s, occurrence %d: %s, want %s", c.r.Every, c.r.Weekday,
					c.r.Start.Format(time.DateOnly), k+1, got, want)
			}
		}
	}
}
