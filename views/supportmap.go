package views

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/tend-health/tend/worksheets"
)

// Drawings of answers, where people would rather look than read: the
// support map as circles and the relationship timeline as a timeline.
// The geometry is in abstract units; the review page draws it as inline
// SVG (beside a table of the same facts) and the PDF scales it to
// millimetres, so both show the same picture.

// SupportMap is the support map as concentric circles: the client in the
// middle, each person on the ring of their closeness (very close nearest),
// as initials only, coloured by whether the client asked them in the last
// month.
type SupportMap struct {
	Size     float64 // the square's side
	CX, CY   float64
	MeR      float64   // the middle circle ("Me")
	Rings    []MapRing // outermost (least close) first
	People   []MapPerson
	Rows     []MapRow // the table beside the picture, one per person
	Unplaced int      // people without a closeness rating: in the table only
	NoOneYet bool     // "no one comes to mind yet", and nobody listed
	Summary  string   // the picture in one sentence, for screen readers
}

// MapRing is one closeness ring: its outer radius and label.
type MapRing struct {
	R      float64
	Label  string
	LabelY float64
}

// MapPerson is one person on the map. Asked is "recent" (in the last
// month), "not-recent" (longer ago, or never) or "unknown" (not said);
// Label says it all in words.
type MapPerson struct {
	X, Y, R  float64
	Initials string
	Long     bool // four letters (dots aside): a smaller type, to fit the dot
	Asked    string
	Label    string
}

// MapRow is one person in words, for the table beside the picture.
type MapRow struct {
	Initials, Closeness, LastAsked, HelpWith string
}

// Support map geometry: five rings, closeness 5 (very close) innermost.
const (
	mapSize   = 320.0
	mapMeR    = 20.0
	mapRingW  = 27.0
	mapDotR   = 11.0
	mapLevels = 5
)

// NewSupportMap draws the answers a of a worksheet shaped like the
// built-in support map: a repeat "people" with "initials" and a 1-5
// "closeness" (and, when the version has them, "last_asked" and
// "could_help_with"). It is nil when d has no such shape, or when nobody
// is listed and the client did not say "no one comes to mind yet".
func NewSupportMap(d *worksheets.Definition, a worksheets.Answers) *SupportMap {
	people, ok := d.ItemByID("people")
	closeness, ok2 := d.ItemByID("people.closeness")
	_, ok3 := d.ItemByID("people.initials")
	if !ok || !ok2 || !ok3 || people.Type != worksheets.TypeRepeat {
		return nil
	}
	lastAsked, _ := d.ItemByID("people.last_asked")
	helpWith, _ := d.ItemByID("people.could_help_with")
	rows, _ := a["people"].([]any)
	m := &SupportMap{Size: mapSize, CX: mapSize / 2, CY: mapSize / 2, MeR: mapMeR}
	m.NoOneYet = len(rows) == 0 && a["anyone_comes_to_mind"] == "no_one_yet"
	if len(rows) == 0 && !m.NoOneYet {
		return nil
	}
	for lvl := 1; lvl <= mapLevels; lvl++ { // outermost first: later circles are drawn on top
		r := mapMeR + float64(mapLevels-lvl+1)*mapRingW
		m.Rings = append(m.Rings, MapRing{R: r, Label: closeness.OptionLabel(float64(lvl)), LabelY: m.CY - r + 9})
	}
	byLevel := map[int][]int{} // closeness → indexes into m.People
	var said []string
	for i, raw := range rows {
		row, _ := raw.(map[string]any)
		ini, _ := row["initials"].(string)
		ini = strings.TrimSpace(ini)
		if ini == "" {
			ini = "Person " + strconv.Itoa(i+1)
		}
		asked := "unknown"
		switch row["last_asked"] {
		case "recent":
			asked = "recent"
		case "longer", "never":
			asked = "not-recent"
		}
		mr := MapRow{Initials: ini, Closeness: worksheets.AnswerWords(closeness, row["closeness"], row),
			LastAsked: worksheets.AnswerWords(lastAsked, row["last_asked"], row)}
		if list, ok := row["could_help_with"].([]any); ok {
			var words []string
			for _, v := range list {
				words = append(words, helpWith.ChoiceWords(v, ""))
			}
			mr.HelpWith = strings.Join(words, ", ")
		}
		m.Rows = append(m.Rows, mr)
		c, ok := row["closeness"].(float64)
		if !ok || c < 1 || c > mapLevels {
			m.Unplaced++
			continue
		}
		lvl := int(c)
		label := ini + ": " + strings.ToLower(mr.Closeness) + ", " + askedWords(asked)
		byLevel[lvl] = append(byLevel[lvl], len(m.People))
		short := shortInitials(ini)
		m.People = append(m.People, MapPerson{R: mapDotR, Initials: short, Long: wideInitials(short), Asked: asked, Label: label})
		said = append(said, label)
	}
	// Spread each ring's people evenly around it, each ring turned a
	// little so that neighbours on adjacent rings do not line up.
	for lvl, idx := range byLevel {
		r := mapMeR + (float64(mapLevels-lvl)+0.5)*mapRingW
		for k, pi := range idx {
			angle := -math.Pi/2 + float64(lvl)*0.55 + 2*math.Pi*float64(k)/float64(len(idx))
			m.People[pi].X = chartRound(m.CX + r*math.Cos(angle))
			m.People[pi].Y = chartRound(m.CY + r*math.Sin(angle))
		}
	}
	switch {
	case m.NoOneYet:
		m.Summary = "Support map: no one comes to mind yet."
	default:
		m.Summary = fmt.Sprintf("Support map, closest in the middle: %d %s. %s.", len(rows), plural(len(rows), "person", "people"), strings.Join(said, "; "))
		if m.Unplaced > 0 {
			m.Summary += fmt.Sprintf(" %d without a closeness rating, listed in the table only.", m.Unplaced)
		}
	}
	return m
}

// askedWords says when a person was last asked, for the label.
func askedWords(asked string) string {
	switch asked {
	case "recent":
		return "asked in the last month"
	case "not-recent":
		return "not asked in the last month"
	}
	return "when last asked not said"
}

// shortInitials keeps a dot's label to four letters (the table has all).
func shortInitials(s string) string {
	if utf8.RuneCountInString(s) <= 4 {
		return s
	}
	return string([]rune(s)[:4])
}

// wideInitials reports whether s has more than three letters or digits
// ("Gran", not "J.M.").
func wideInitials(s string) bool {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			n++
		}
	}
	return n > 3
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
