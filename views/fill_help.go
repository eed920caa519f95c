package views

import (
	"encoding/json"

	"github.com/tend-health/tend/worksheets"
)

// FillHelp is the crisis help shown next to a question that a
// high-severity flag rule reads. The form carries the rules' conditions
// (never their messages to the practitioner) so the form script can show the help
// the moment such an answer is chosen; without JavaScript, Shown says
// whether it fires on the answers the page was rendered with.
type FillHelp struct {
	ID      string // the panel's HTML id
	When    string // JSON list of the high rules' conditions, for the form script
	Shown   bool
	Heading string
	Text    string // the crisis contacts, plain text
}

// CrisisNow reports whether a high-severity flag rule of def fires on ans.
func CrisisNow(def *worksheets.Definition, ans worksheets.Answers) bool {
	for _, f := range def.EvaluateFlags(ans) {
		if f.Severity == worksheets.SeverityHigh {
			return true
		}
	}
	return false
}

// AddCrisisHelp attaches crisis help to every top-level item of secs that
// a high-severity flag rule of def reads; ans are the answers on the page.
func AddCrisisHelp(secs []FillSection, def *worksheets.Definition, ans worksheets.Answers, heading, text string) {
	rules := map[string][]worksheets.Condition{} // item id → conditions reading it
	for _, f := range def.Flags {
		if f.Severity != worksheets.SeverityHigh {
			continue
		}
		for _, id := range f.When.Items() {
			rules[id] = append(rules[id], f.When)
		}
	}
	if len(rules) == 0 {
		return
	}
	for _, s := range secs {
		for _, it := range s.Items {
			conds := rules[it.ID]
			if len(conds) == 0 {
				continue
			}
			js, err := json.Marshal(conds)
			if err != nil {
				continue
			}
			h := &FillHelp{ID: it.HTMLID + "-crisis", When: string(js), Heading: heading, Text: text}
			for _, c := range conds {
				h.Shown = h.Shown || c.Eval(ans, nil)
			}
			it.CrisisHelp = h
		}
	}
}
