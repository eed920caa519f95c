package views

import (
	"strconv"
	"testing"
	"time"
)

// TestHelpTallyWeeks: answers fall in Monday-to-Sunday weeks of the
// practitioner's time zone (late Sunday and early Monday local time are
// different weeks, across a clock change too); only the newest twelve
// weeks are shown; bars stack yes under no and stay inside the chart.
func TestHelpTallyWeeks(t *testing.T) {
	t.Parallel()
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		t.Skip("no time zone data")
	}
	at := func(s string) time.Time {
		v, err := time.ParseInLocation("2006-01-02 15:04", s, london)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	// Clocks go back on Sunday 25 October 2026.
	tl := NewHelpTally([]HelpAnswer{
		{at("2026-10-25 23:30"), true},  // Sunday: week of 19 Oct
		{at("2026-10-26 00:30"), false}, // Monday: week of 26 Oct
		{at("2026-10-27 09:00"), true},  // same week
		{at("2026-11-10 09:00"), true},  // week of 9 Nov; 2 Nov has none
	}, london)
	var got []string
	for _, w := range tl.Weeks {
		got = append(got, w.Label+": "+w.Words)
	}
	want := []string{"19 Oct: asked", "26 Oct: asked 1, did not ask 1", "2 Nov: no answer", "9 Nov: asked"}
	if len(got) != len(want) {
		t.Fatalf("weeks = %v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("week %d = %q, want %q", i, got[i], want[i])
		}
	}
	if tl.Max != 2 || tl.AskedWeeks != 3 || tl.AnsweredWeeks != 3 {
		t.Errorf("max %d, asked %d of %d", tl.Max, tl.AskedWeeks, tl.AnsweredWeeks)
	}
	for _, w := range tl.Weeks {
		if w.NoY+w.NoH != w.YesY || w.YesY+w.YesH != tl.Bottom || w.NoY < tl.Top-0.01 {
			t.Errorf("bar %s: yes %v+%v, no %v+%v (plot %v..%v)", w.Label, w.YesY, w.YesH, w.NoY, w.NoH, tl.Top, tl.Bottom)
		}
	}

	var many []HelpAnswer
	for i := range 20 {
		many = append(many, HelpAnswer{at("2026-01-05 12:00").AddDate(0, 0, 7*i), i%2 == 0})
	}
	if tl := NewHelpTally(many, london); len(tl.Weeks) != 12 || tl.Weeks[11].Label != "18 May" {
		t.Errorf("20 weeks of answers show %d weeks, the last %s", len(tl.Weeks), tl.Weeks[len(tl.Weeks)-1].Label)
	}
	if NewHelpTally(nil, london) != nil {
		t.Error("a tally without answers")
	}
}

// TestHelpTallyTicksDoNotPileUp: a week holding many answers (several
// check-ins sent back at once) labels its axis with at most six round
// counts, 0 and the top among them, evenly inside the chart.
func TestHelpTallyTicksDoNotPileUp(t *testing.T) {
	t.Parallel()
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, n := range []int{1, 3, 5, 7, 12, 49, 156} {
		ans := make([]HelpAnswer, n)
		for i := range ans {
			ans[i] = HelpAnswer{At: at.Add(time.Duration(i) * time.Minute), Asked: i%2 == 0}
		}
		tl := NewHelpTally(ans, time.UTC)
		ticks := tl.YTicks
		if len(ticks) < 2 || len(ticks) > 6 {
			t.Fatalf("%d answers: %d ticks %v", n, len(ticks), ticks)
		}
		if ticks[0].Label != "0" || ticks[len(ticks)-1].Label != strconv.Itoa(n) {
			t.Errorf("%d answers: ticks from %s to %s", n, ticks[0].Label, ticks[len(ticks)-1].Label)
		}
		for i := 1; i < len(ticks); i++ {
			if gap := ticks[i-1].Y - ticks[i].Y; gap < (tl.Bottom-tl.Top)/12 {
				t.Errorf("%d answers: ticks %s and %s %.1f apart", n, ticks[i-1].Label, ticks[i].Label, gap)
			}
		}
	}
}
