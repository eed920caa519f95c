package views

import (
	"fmt"
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// HelpTally is "Did you ask anyone for help?" counted by week (Monday to
// Sunday in the practitioner's time zone): one bar per week, the weeks
// the client said yes at the bottom in the accent colour, no stacked above.
// Weeks without an answer stay in place as gaps.
type HelpTally struct {
	W, H          float64
	Left, Right   float64
	Top, Bottom   float64
	Max           int // the y axis runs 0..Max answers
	YTicks        []ChartTick
	Weeks         []TallyWeek
	Summary       string
	AskedWeeks    int // weeks with at least one yes
	AnsweredWeeks int
}

// TallyWeek is one week's bar and its words for the table.
type TallyWeek struct {
	Start      time.Time
	Label      string // "2 Nov"
	Words      string // TallyWords
	Yes, No    int
	X, BarW    float64
	MidX       float64 // the bar's middle, where its date goes
	ShowLabel  bool    // the date is printed under this bar (not every bar when crowded)
	YesY, YesH float64
	NoY, NoH   float64
}

// Tally geometry; at most maxTallyWeeks weeks (the newest) are shown.
const (
	tallyW, tallyH = 340.0, 180.0
	tallyL, tallyR = 34.0, 10.0
	tallyT, tallyB = 12.0, 30.0
	maxTallyWeeks  = 12
)

// HelpAnswer is one answer to "Did you ask anyone for help?".
type HelpAnswer struct {
	At    time.Time
	Asked bool
}

// NewHelpTally counts answers (oldest first) by week in loc; nil when
// there are none.
func NewHelpTally(answers []HelpAnswer, loc *time.Location) *HelpTally {
	if len(answers) == 0 {
		return nil
	}
	weekOf := func(t time.Time) time.Time {
		d := t.In(loc)
		d = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
		return d.AddDate(0, 0, -((int(d.Weekday()) + 6) % 7))
	}
	last := weekOf(answers[len(answers)-1].At)
	first := weekOf(answers[0].At)
	if oldest := last.AddDate(0, 0, -7*(maxTallyWeeks-1)); first.Before(oldest) {
		first = oldest
	}
	t := &HelpTally{W: tallyW, H: tallyH, Left: tallyL, Right: tallyW - tallyR, Top: tallyT, Bottom: tallyH - tallyB}
	index := map[time.Time]int{}
	for w := first; !w.After(last); w = w.AddDate(0, 0, 7) {
		index[w] = len(t.Weeks)
		t.Weeks = append(t.Weeks, TallyWeek{Start: w, Label: w.Format("2 Jan")})
	}
	for _, a := range answers {
		i, ok := index[weekOf(a.At)]
		if !ok {
			continue // older than the weeks shown
		}
		if a.Asked {
			t.Weeks[i].Yes++
		} else {
			t.Weeks[i].No++
		}
	}
	t.Max = 1
	for _, w := range t.Weeks {
		t.Max = max(t.Max, w.Yes+w.No)
	}
	plotH := t.Bottom - t.Top
	unit := plotH / float64(t.Max)
	slot := (t.Right - t.Left) / float64(len(t.Weeks))
	barW := chartRound(min(slot*0.6, 40))
	var said []string
	for i := range t.Weeks {
		w := &t.Weeks[i]
		w.X, w.BarW = chartRound(t.Left+slot*float64(i)+(slot-barW)/2), barW
		w.YesH = chartRound(float64(w.Yes) * unit)
		w.YesY = chartRound(t.Bottom - w.YesH)
		w.NoH = chartRound(float64(w.No) * unit)
		w.NoY = chartRound(w.YesY - w.NoH)
		w.MidX = chartRound(w.X + barW/2)
		w.ShowLabel = len(t.Weeks) <= 6 || i%((len(t.Weeks)+5)/6) == 0
		w.Words = TallyWords(*w)
		if w.Yes+w.No > 0 {
			t.AnsweredWeeks++
			if w.Yes > 0 {
				t.AskedWeeks++
			}
		}
		said = append(said, w.Label+" "+w.Words)
	}
	for _, v := range tallyTicks(t.Max) {
		t.YTicks = append(t.YTicks, ChartTick{Y: chartRound(t.Bottom - float64(v)*unit), Label: worksheets.FormatNumber(float64(v))})
	}
	t.Summary = fmt.Sprintf("Did you ask anyone for help, by week: asked in %d of %d weeks answered. %s.", t.AskedWeeks, t.AnsweredWeeks,
		strings.Join(said, "; "))
	return t
}

// TallyWords says one week's answers: "asked", "did not ask", "asked 1,
// did not ask 1" or "no answer".
func TallyWords(w TallyWeek) string {
	switch {
	case w.Yes+w.No == 0:
		return "no answer"
	case w.No == 0 && w.Yes == 1:
		return "asked"
	case w.Yes == 0 && w.No == 1:
		return "did not ask"
	}
	return fmt.Sprintf("asked %d, did not ask %d", w.Yes, w.No)
}

// tallyTicks are the y axis's labelled counts for 0..max answers a week:
// every count up to 5, else at most six, at a round step (1, 2 or 5
// times a power of ten) and the top, so labels never pile up when a
// week holds many answers.
func tallyTicks(top int) []int {
	step := 1
	for i := 0; top/step > 5; i++ {
		step = []int{1, 2, 5}[(i+1)%3] * pow10((i+1)/3)
	}
	var out []int
	for v := 0; v <= top; v += step {
		out = append(out, v)
	}
	if last := out[len(out)-1]; last != top {
		if 2*(top-last) <= step {
			out = out[:len(out)-1] // too close to the top to label both
		}
		out = append(out, top)
	}
	return out
}

func pow10(n int) int {
	p := 1
	for range n {
		p *= 10
	}
	return p
}
