package worksheets

import (
	"fmt"
	"math"
	"strings"
)

// Score scores every scale.
//
// A reverse-scored item ("-q3") counts as min+max-v over the item's own
// range (likert: its lowest and highest option values; slider and number:
// min and max). When enough of a scale's items are answered (its
// min_answered, else at least 80% of them), the missing ones count as the
// mean of the answered ones: a sum is that mean times the number of items,
// a mean is the mean, and the score is marked Prorated; values are rounded
// to 2 decimals. With fewer the scale is not scored: Value is nil and Note
// says why. Score expects answers that passed ValidateAnswers; a value of the
// wrong type counts as unanswered.
func (d *Definition) Score(a Answers) []ScaleScore {
	if d == nil || len(d.Scales) == 0 {
		return nil
	}
	out := make([]ScaleScore, 0, len(d.Scales))
	for i := range d.Scales {
		out = append(out, d.scoreScale(&d.Scales[i], a))
	}
	return out
}

func (d *Definition) scoreScale(s *Scale, a Answers) ScaleScore {
	res := ScaleScore{Scale: s.ID, Title: s.Title, Total: len(s.Items)}
	sum := 0.0
	for _, ref := range s.Items {
		id, reverse := strings.CutPrefix(ref, "-")
		it := d.find(id)
		if it == nil {
			continue
		}
		lo, hi, ok := it.scoreRange()
		if !ok {
			continue
		}
		res.Min += lo
		res.Max += hi
		v, answered := toFloat(a[id])
		if !answered || !finite(v) {
			continue
		}
		if reverse {
			v = lo + hi - v
		}
		sum += v
		res.Answered++
	}
	if s.Method == "mean" && res.Total > 0 {
		res.Min /= float64(res.Total)
		res.Max /= float64(res.Total)
	}
	if res.Answered == 0 || res.Answered < s.NeedAnswered() {
		res.Note = fmt.Sprintf("not scored: only %d of %d questions answered (%d needed)", res.Answered, res.Total, s.NeedAnswered())
		return res
	}
	mean := sum / float64(res.Answered)
	value := mean
	if s.Method != "mean" {
		value = sum
		if res.Answered < res.Total {
			value = mean * float64(res.Total)
		}
	}
	value = math.Round(value*100) / 100
	res.Value = &value
	res.Prorated = res.Answered < res.Total
	if b, ok := s.band(value); ok {
		res.Band, res.Meaning = b.Label, b.Meaning
	}
	return res
}

// NeedAnswered is how many items must be answered for a score: the
// scale's min_answered, else 80% of its items rounded up (4 of 5, 3 of 3).
func (s Scale) NeedAnswered() int {
	if s.MinAnswered != nil {
		return *s.MinAnswered
	}
	return (len(s.Items)*4 + 4) / 5
}

// band finds the first band whose Max is at least v, else the last band.
func (s *Scale) band(v float64) (Band, bool) {
	if len(s.Bands) == 0 {
		return Band{}, false
	}
	for _, b := range s.Bands {
		if b.Max != nil && v <= *b.Max {
			return b, true
		}
	}
	return s.Bands[len(s.Bands)-1], true
}

// EvaluateFlags returns the flag rules that fire on the answers, in
// definition order.
func (d *Definition) EvaluateFlags(a Answers) []RaisedFlag {
	if d == nil {
		return nil
	}
	var out []RaisedFlag
	for i := range d.Flags {
		f := &d.Flags[i]
		if f.When.eval(a, nil, 0) {
			out = append(out, RaisedFlag{ID: f.ID, Severity: f.Severity, Message: f.Message})
		}
	}
	return out
}

// SeverityRank orders flag severities, most severe first: high 0, medium
// 1, low 2, anything else (none) 3.
func SeverityRank(s string) int {
	switch s {
	case SeverityHigh:
		return 0
	case SeverityMedium:
		return 1
	case SeverityLow:
		return 2
	}
	return 3
}

// FlagRule returns the rule with this id (a stored flag's Rule).
func (d *Definition) FlagRule(id string) (FlagRule, bool) {
	if d == nil {
		return FlagRule{}, false
	}
	for _, f := range d.Flags {
		if f.ID == id {
			return f, true
		}
	}
	return FlagRule{}, false
}

// BandRange is one band's stretch of a scale's possible scores, for
// drawing: From < To, both within the scale's range.
type BandRange struct {
	From, To float64
	Label    string
	Index    int // the band's position in the scale, for alternating shades
}

// BandRanges cuts the score range lo..hi into the scale's bands, lowest
// first; bands that fall outside the range are left out. The boundaries
// (each To but the last) are where a chart puts its inner ticks.
func (s *Scale) BandRanges(lo, hi float64) []BandRange {
	if s == nil {
		return nil
	}
	var out []BandRange
	from := lo
	for i, b := range s.Bands {
		to := hi
		if b.Max != nil && i < len(s.Bands)-1 {
			to = min(hi, *b.Max)
		}
		if to > from {
			out = append(out, BandRange{From: from, To: to, Label: b.Label, Index: i})
			from = to
		}
	}
	return out
}
