package fill

import (
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// crisisHeading heads the crisis panel. It must not repeat the crisis
// text's first sentence ("If you are in danger now, call …").
const crisisHeading = "Getting help today"

// fillHelp is what a client is shown beyond "thank you", matched to the
// highest severity raised: high → the crisis panel; medium → the medium
// flags' own words to the client, nothing about danger; low → nothing.
type fillHelp struct {
	Crisis     bool
	Heading    string
	CrisisText string
	Support    []string // medium flags' client messages
}

// crisisText is the crisis contacts shown to v's client: the one place
// they are looked up. The practitioner's own text (a practice may span
// countries) wins over the server-wide TEND_CRISIS_TEXT.
func (h *Handler) crisisText(v *models.AssignmentView) string { return h.crisisOr(v.Words.CrisisText) }

// crisisOr is a practitioner's own crisis text, or the server's when they
// set none.
func (h *Handler) crisisOr(own string) string {
	if own != "" {
		return own
	}
	return h.Config.CrisisText
}

// helpAfterSend is the help for the submitted answers of v: its standing
// submitted flags, with their rules' client messages from v's version.
func (h *Handler) helpAfterSend(v *models.AssignmentView) fillHelp {
	var def *worksheets.Definition
	if v.Worksheet != nil {
		def = v.Worksheet.Def
	}
	var help fillHelp
	seen := map[string]bool{}
	for _, f := range v.Flags {
		if f.Source != models.FlagSourceSubmitted || f.WithdrawnAt != nil {
			continue
		}
		switch f.Severity {
		case worksheets.SeverityHigh:
			help.Crisis = true
		case worksheets.SeverityMedium:
			if rule, ok := def.FlagRule(f.Rule); ok && rule.ClientMessage != "" && !seen[rule.ClientMessage] {
				seen[rule.ClientMessage] = true
				help.Support = append(help.Support, rule.ClientMessage)
			}
		}
	}
	if help.Crisis {
		return fillHelp{Crisis: true, Heading: crisisHeading, CrisisText: h.crisisText(v)}
	}
	return help
}
