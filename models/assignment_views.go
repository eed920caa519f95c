package models

import (
	"context"
	"fmt"
)

// assignmentViews loads the views of assignments already read (owner
// checked by the caller), in their order: worksheets from the definition
// cache, then one query each for client names, practitioners, responses,
// scores, flags and the flags' acknowledgers, however many rows there are.
// A missing client or practitioner leaves its name empty. Rows of the
// client or practitioner in known (already read by the caller, as the
// summary's are) need no query for them.
func (s *Store) assignmentViews(ctx context.Context, rows []Assignment, known viewsOwner) ([]*AssignmentView, error) {
	out := make([]*AssignmentView, len(rows))
	if len(rows) == 0 {
		return out, nil
	}
	ids := make([]string, len(rows))
	byID := make(map[string]*AssignmentView, len(rows))
	clientIDs, pids := map[string]bool{}, map[string]bool{}
	for i, a := range rows {
		ws, err := s.WorksheetVersionByID(ctx, a.WorksheetVersionID)
		if err != nil {
			return nil, err
		}
		if err := a.open(s.crypt); err != nil {
			return nil, err
		}
		out[i] = &AssignmentView{Assignment: a, Worksheet: ws, Scores: []Score{}, Flags: []FlagView{}}
		ids[i], byID[a.ID] = a.ID, out[i]
		clientIDs[a.ClientID], pids[a.PractitionerID] = true, true
	}
	names := make(map[string]string, len(clientIDs))
	words := make(map[string]Practitioner, len(pids))
	if c := known.client; c != nil {
		names[c.ID] = c.DisplayName
		delete(clientIDs, c.ID)
	}
	if p := known.p; p != nil {
		words[p.ID] = *p
		delete(pids, p.ID)
	}
	if len(clientIDs) > 0 {
		var cs []Client
		if err := s.read(ctx).Select("id", "name_enc").Where("id IN ?", keys(clientIDs)).Find(&cs).Error; err != nil {
			return nil, fmt.Errorf("store: client names: %w", err)
		}
		if err := openRows(s.crypt, cs); err != nil {
			return nil, err
		}
		for _, c := range cs {
			names[c.ID] = c.DisplayName
		}
	}
	if len(pids) > 0 {
		var ps []Practitioner
		if err := s.read(ctx).Select("id", "name", "response_time", "crisis_text").Where("id IN ?", keys(pids)).Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("store: practitioners: %w", err)
		}
		for _, p := range ps {
			words[p.ID] = p
		}
	}
	var rs []Response
	if err := s.read(ctx).Where("assignment_id IN ?", ids).Find(&rs).Error; err != nil {
		return nil, fmt.Errorf("store: response: %w", err)
	}
	var scores []Score
	if err := s.read(ctx).Where("assignment_id IN ?", ids).Order("id").Find(&scores).Error; err != nil {
		return nil, fmt.Errorf("store: scores: %w", err)
	}
	if err := openRows(s.crypt, scores); err != nil {
		return nil, err
	}
	fvs, err := s.assignmentFlags(ctx, ids...)
	if err != nil {
		return nil, err
	}
	for _, v := range out {
		v.ClientName = names[v.ClientID]
		if p, ok := words[v.PractitionerID]; ok {
			v.PractitionerName = p.Name
			v.Words = ClientWords{ResponseTime: ResponseTimeOr(p.ResponseTime), CrisisText: p.CrisisText}
		}
	}
	for _, r := range rs {
		ans, err := s.decryptAnswers(r)
		if err != nil {
			return nil, err
		}
		v := byID[r.AssignmentID]
		v.Answers, v.ResponseVersion = ans, r.Version
		saved := r.SavedAt
		v.SavedAt = &saved
	}
	for _, sc := range scores {
		v := byID[sc.AssignmentID]
		v.Scores = append(v.Scores, sc)
	}
	for _, f := range fvs {
		v := byID[f.AssignmentID]
		v.Flags = append(v.Flags, f)
	}
	return out, nil
}

// viewsOwner is a client and practitioner a caller of assignmentViews
// already holds (either may be nil).
type viewsOwner struct {
	client *Client
	p      *Practitioner
}

// keys is a set's members, in no particular order.
func keys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	return out
}
