package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// HomeItem is one worksheet on a client's own page: its title and dates,
// never answers.
type HomeItem struct {
	AssignmentID string
	Title        string
	Status       string
	DueOn        *time.Time
	SubmittedAt  *time.Time
	// Openable: its link is live, so the client can enter it from the page
	// (to continue it, or to see their copy while it is shown).
	Openable bool
}

// HomeView is what a client's own page shows.
type HomeView struct {
	PractitionerName string
	CrisisText       string     // the practitioner's own crisis text; "" means the server's
	Open             []HomeItem // not sent yet, due soonest first
	Sent             []HomeItem // newest first
}

// homeSentMax bounds how many sent worksheets the page lists.
const homeSentMax = 30

// HomeList lists a client's open and sent worksheets for their own page
// (no owner: the caller holds a live session for exactly this client).
func (s *Store) HomeList(ctx context.Context, clientID string) (*HomeView, error) {
	var cl Client
	if err := s.ctx(ctx).Select("id", "practitioner_id").Where("id = ? AND archived_at IS NULL", clientID).First(&cl).Error; err != nil {
		return nil, notFound("client", err)
	}
	v := &HomeView{}
	var p Practitioner
	if err := s.ctx(ctx).Select("name", "crisis_text").Where("id = ?", cl.PractitionerID).First(&p).Error; err == nil {
		v.PractitionerName, v.CrisisText = p.Name, p.CrisisText
	}
	mine := func() *gorm.DB {
		return s.ctx(ctx).Where("client_id = ? AND practitioner_id = ?", clientID, cl.PractitionerID)
	}
	var open []Assignment
	if err := s.linkLive(mine()).Where("status IN ?", []string{StatusAssigned, StatusInProgress}).
		Order("due_on IS NULL, due_on, created_at").Limit(100).Find(&open).Error; err != nil {
		return nil, fmt.Errorf("store: home list: %w", err)
	}
	var sent []Assignment
	if err := mine().Where("status IN ?", []string{StatusSubmitted, StatusReviewed}).
		Order("submitted_at DESC, id DESC").Limit(homeSentMax).Find(&sent).Error; err != nil {
		return nil, fmt.Errorf("store: home list: %w", err)
	}
	rows, err := s.decorate(ctx, append(append([]Assignment{}, open...), sent...))
	if err != nil {
		return nil, fmt.Errorf("store: home list: %w", err)
	}
	now := s.now()
	for i, r := range rows {
		it := HomeItem{AssignmentID: r.ID, Title: r.WorksheetTitle, Status: r.Status, DueOn: r.DueOn, SubmittedAt: r.SubmittedAt,
			Openable: r.LinkRevokedAt == nil && r.LinkExpiresAt.After(now)}
		if i < len(open) {
			v.Open = append(v.Open, it)
		} else {
			v.Sent = append(v.Sent, it)
		}
	}
	return v, nil
}
