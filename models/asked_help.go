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
	var as []Assignment
	err = s.ctx(ctx).Select("id", "submitted_at").
		Where("practitioner_id = ? AND client_id = ? AND worksheet_key IN ? AND submitted_at IS NOT NULL AND status IN ?",
			pid, clientID, keys, []string{StatusSubmitted, StatusReviewed}).
		Order("submitted_at DESC, id").Limit(maxAskedHelp).Find(&as).Error
	if err != nil {
		return nil, fmt.Errorf("store: asked help: %w", err)
	}
	if len(as) == 0 {
		return nil, nil
	}
	at := make(map[string]time.Time, len(as))
	ids := make([]string, 0, len(as))
	for _, a := range as {
		at[a.ID] = *a.SubmittedAt
		ids = append(ids, a.ID)
	}
	var rs []Response
	if err := s.ctx(ctx).Where("assignment_id IN ?", ids).Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: asked help: %w", err)
	}
	byID := make(map[string]bool, len(rs))
	has := make(map[string]bool, len(rs))
	for _, r := range rs {
		ans, err := s.decryptAnswers(r)
		if err != nil {
			return nil, err
		}
		if v, ok := ans[AskedHelpItem].(bool); ok {
			byID[r.AssignmentID], has[r.AssignmentID] = v, true
		}
	}
	out := make([]AskedHelp, 0, len(has))
	for i := len(as) - 1; i >= 0; i-- { // oldest first
		if id := as[i].ID; has[id] {
			out = append(out, AskedHelp{At: at[id], Asked: byID[id]})
		}
	}
	return out, nil
}
