package views

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// Timeline is the relationship timeline drawn as a timeline: ages along
// a line, each moment above it when it made the client trust people more
// and below when less (5 of 10, "didn't change much", sits on the line).
// Private moments sit on the line with no number above or below.
type Timeline struct {
	W, H       float64
	AxisY      float64
	TickTop    float64 // a tick mark runs from TickTop to TickBottom
	TickBottom float64
	// Where the words go: "trusted people more" above every dot, "less"
	// below every dot, the ages (and "age", left of the first) at the foot.
	MoreY, LessY, AgeY float64
	Left, Right        float64
	Ticks              []ChartTick
	Moments            []TimelineMoment
	Rows               []TimelineRow // the table beside the picture, one per moment
	Undated            int           // moments without an age: in the table only
	Summary            string
}

// TimelineMoment is one drawn moment: its stem from the line (AxisY) to
// the dot (X, Y), numbered like the review's rows ("Moment 2" is 2).
// Kind is "more", "less", "same", "unrated" or "private".
type TimelineMoment struct {
	X, Y, R float64
	N       string
	Kind    string
	Label   string
}

// TimelineRow is one moment in words, for the table beside the picture.
type TimelineRow struct {
	N, Age, Effect string
}

// Timeline geometry: effect 0 and 10 sit maxLift from the line.
const (
	tlW, tlH  = 600.0, 270.0
	tlLeft    = 44.0
	tlRight   = 584.0
	tlAxisY   = 125.0
	tlMaxLift = 92.0
	tlDotR    = 10.0
	tlTicks   = 7
)

// NewTimeline draws the answers a of a worksheet shaped like the built-in
// relational timeline: a repeat "moments" with an "age" and a 0-10
// "trust_effect" (and, when the version has it, "kind" = "private"). It
// is nil when d has no such shape or no moment has an age.
func NewTimeline(d *worksheets.Definition, a worksheets.Answers) *Timeline {
	moments, ok := d.ItemByID("moments")
	_, ok2 := d.ItemByID("moments.age")
	effect, ok3 := d.ItemByID("moments.trust_effect")
	if !ok || !ok2 || !ok3 || moments.Type != worksheets.TypeRepeat {
		return nil
	}
	rows, _ := a["moments"].([]any)
	mid := 5.0
	if effect.Min != nil && effect.Max != nil {
		mid = (*effect.Min + *effect.Max) / 2
	}
	half := mid
	if effect.Max != nil && *effect.Max > mid {
		half = *effect.Max - mid
	}
	t := &Timeline{W: tlW, H: tlH, AxisY: tlAxisY, TickTop: tlAxisY - 5, TickBottom: tlAxisY + 5, Left: tlLeft, Right: tlRight,
		MoreY: 12, LessY: tlAxisY + tlMaxLift + tlDotR + 16, AgeY: tlH - 4}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, raw := range rows {
		row, _ := raw.(map[string]any)
		if age, ok := row["age"].(float64); ok {
			lo, hi = math.Min(lo, age), math.Max(hi, age)
		}
	}
	if math.IsInf(lo, 1) {
		return nil
	}
	step := niceStep((hi - lo) / (tlTicks - 1))
	lo, hi = math.Floor(lo/step)*step, math.Ceil(hi/step)*step
	if hi <= lo {
		lo, hi = math.Max(0, lo-step), hi+step
	}
	x := func(age float64) float64 { return chartRound(tlLeft + (age-lo)/(hi-lo)*(tlRight-tlLeft)) }
	for v := lo; v <= hi+step/2; v += step {
		t.Ticks = append(t.Ticks, ChartTick{X: x(v), Y: tlAxisY, Label: worksheets.FormatNumber(v)})
	}
	seenAt := map[float64]int{} // moments already at an age, to set the next one apart
	var said []string
	for i, raw := range rows {
		row, _ := raw.(map[string]any)
		n := strconv.Itoa(i + 1)
		tr := TimelineRow{N: "Moment " + n, Age: "not given", Effect: "not rated"}
		age, hasAge := row["age"].(float64)
		if hasAge {
			tr.Age = worksheets.FormatNumber(age)
		}
		m := TimelineMoment{R: tlDotR, N: n, Y: tlAxisY, Kind: "unrated"}
		v, rated := row["trust_effect"].(float64)
		switch {
		case row["kind"] == "private":
			m.Kind, tr.Effect = "private", "private moment"
		case rated:
			tr.Effect = worksheets.AnswerWords(effect, v, row)
			m.Y = chartRound(tlAxisY - (v-mid)/half*tlMaxLift)
			switch {
			case v > mid:
				m.Kind = "more"
			case v < mid:
				m.Kind = "less"
			default:
				m.Kind = "same"
			}
		}
		t.Rows = append(t.Rows, tr)
		if !hasAge {
			t.Undated++
			continue
		}
		// Moments at the same age step apart sideways, one dot's width.
		k := seenAt[age]
		seenAt[age]++
		m.X = chartRound(x(age) + float64((k+1)/2)*2*tlDotR*float64(1-2*(k%2)))
		m.Label = fmt.Sprintf("Moment %s, age %s: %s", n, tr.Age, tr.Effect)
		t.Moments = append(t.Moments, m)
		said = append(said, m.Label)
	}
	t.Summary = "Relationship timeline, ages " + worksheets.FormatNumber(lo) + " to " + worksheets.FormatNumber(hi) +
		"; above the line made trust grow, below made it shrink. " + strings.Join(said, "; ") + "."
	if t.Undated > 0 {
		t.Summary += fmt.Sprintf(" %d without an age, listed in the table only.", t.Undated)
	}
	return t
}

// niceStep rounds a raw tick step up to 1, 2 or 5 times a power of ten
// (at least 1: ages are whole years).
func niceStep(raw float64) float64 {
	if raw <= 1 {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}
