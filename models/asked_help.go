package models

import (
	"context"
	"fmt"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// AskedHelpItem is the yes/no question "Did you ask anyone for help?"
// whose answers the client page tallies by week.
const AskedHelpItem = "asked_help"

// maxAskedHelp bounds the answers read for the tally: three years of weekly
// check-ins.
const maxAskedHelp = 156

// AskedHelp is one answer to AskedHelpItem on a submitted assignment.
type AskedHelp struct {
	At    time.Time
	Asked bool
}

// AskedHelpHistory returns the answers one of pid's clients gave to
// AskedHelpItem on submitted work, oldest first: only worksheets whose
// newest version has it as a yes/no item are read (and decrypted), the
// newest maxAskedHelp of them.
func (s *Store) AskedHelpHistory(ctx context.Context, pid, clientID string) ([]AskedHelp, error) {
	return s.AskedHelpHistoryKnowing(ctx, pid, clientID, nil)
}

// AskedHelpHistoryKnowing is AskedHelpHistory when some of the client's
// submissions are already loaded (with their answers): those are not
// decrypted again. The submissions and their answers are one query.
func (s *Store) AskedHelpHistoryKnowing(ctx context.Context, pid, clientID string, known []*AssignmentView) ([]AskedHelp, error) {
	ws, err := s.ListWorksheets(ctx, pid)
	if err != nil {
		return nil, err
	}
	var keys []string
	for _, w := range ws {
		if it, ok := w.Def.ItemByID(AskedHelpItem); ok && it.Type == worksheets.TypeYesNo {
			keys = append(keys, w.Key)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	var rows []struct {
		ID          string
		SubmittedAt time.Time
		AnswersEnc  *string
	}
	err = s.read(ctx).Table("assignments").
		Select("assignments.id, assignments.submitted_at, responses.answers_enc").
		Joins("LEFT JOIN responses ON responses.assignment_id = assignments.id").
		Where("assignments.practitioner_id = ? AND assignments.client_id = ? AND assignments.worksheet_key IN ? AND assignments.submitted_at IS NOT NULL AND assignments.status IN ?",
			pid, clientID, keys, []string{StatusSubmitted, StatusReviewed}).
		Order("assignments.submitted_at DESC, assignments.id").Limit(maxAskedHelp).Scan(&rows).Error
	if err != nil {
		return nil, fmt.Errorf("store: asked help: %w", err)
	}
	loaded := make(map[string]worksheets.Answers, len(known))
	for _, v := range known {
		if v.Answers != nil && v.ClientID == clientID && v.PractitionerID == pid {
			loaded[v.ID] = v.Answers
		}
	}
	out := make([]AskedHelp, 0, len(rows))
	for i := len(rows) - 1; i >= 0; i-- { // oldest first
		r := rows[i]
		ans, ok := loaded[r.ID]
		if !ok {
			if r.AnswersEnc == nil {
				continue
			}
			if ans, err = s.decryptAnswers(Response{AssignmentID: r.ID, AnswersEnc: *r.AnswersEnc}); err != nil {
				return nil, err
			}
		}
		if v, ok := ans[AskedHelpItem].(bool); ok {
			out = append(out, AskedHelp{At: r.SubmittedAt, Asked: v})
		}
	}
	return out, nil
}
