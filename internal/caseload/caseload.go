// Package caseload writes a practitioner's history in bulk for the
// performance harness (bench) and the benchmarks that measure pages at a
// size: the one shape of a seeded caseload. It owns nothing else; Tend
// itself never imports it, and it must never import handlers or app.
package caseload

import (
	"context"
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// Present is how many of the newest assignments are the practitioner's
// present: at every size they are the same (what is due, waiting for
// review or flagged this week); a larger size adds only history.
const Present = 1000

// Clients is the fixed caseload the assignments are spread over.
const Clients = 60

// Seed writes, in one transaction of batched inserts, size assignments of
// the weekly check-in for practitioner pid over Clients new clients, and
// returns the clients' ids. The newest Present assignments are the same at
// every size: mostly reviewed, 5% each waiting for review, not started,
// in progress and cancelled, due from 300 days ago to two months ahead, a
// flag on 1% (those of the newest 500 not acknowledged). Older ones are
// history in the same mix, each due the day it was made (so open ones are
// long overdue), every flag acknowledged.
func Seed(ctx context.Context, s *models.Store, pid string, size int) ([]string, error) {
	ws, err := s.LatestWorksheet(ctx, pid, "weekly-connection-checkin")
	if err != nil {
		return nil, err
	}
	now := s.Now()
	today := now.Truncate(24 * time.Hour)
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	clients := make([]models.Client, Clients)
	ids := make([]string, Clients)
	for i := range clients {
		clients[i] = models.Client{ID: id(), PractitionerID: pid, DisplayName: fmt.Sprintf("Client %d", i), CreatedAt: now, UpdatedAt: now}
		ids[i] = clients[i].ID
	}
	as := make([]models.Assignment, 0, size)
	var flags []models.Flag
	for i := 0; i < size; i++ {
		age := size - 1 - i    // 0: the newest
		k := Present - 1 - age // the position in a 1k seed; < 0: history
		st := models.StatusReviewed
		switch (k + 20*size) % 20 {
		case 1:
			st = models.StatusSubmitted
		case 2:
			st = models.StatusAssigned
		case 3:
			st = models.StatusInProgress
		case 4:
			st = models.StatusCancelled
		}
		at := now.Add(-time.Duration(age+1) * 10 * time.Minute)
		due := at.Truncate(24 * time.Hour)
		if k >= 0 {
			due = today.AddDate(0, 0, k%365-300)
		}
		a := models.Assignment{ID: id(), PractitionerID: pid, ClientID: clients[(k%Clients+Clients)%Clients].ID, WorksheetVersionID: ws.ID,
			WorksheetKey: ws.Key, Status: st, DueOn: &due, LinkExpiresAt: at.Add(30 * 24 * time.Hour), CreatedAt: at, UpdatedAt: at}
		if st == models.StatusSubmitted || st == models.StatusReviewed {
			a.SubmittedAt = &at
		}
		as = append(as, a)
		if (k+100*size)%100 == 0 {
			f := models.Flag{ID: id(), AssignmentID: a.ID, PractitionerID: pid, Rule: "lonely_high", Severity: "medium",
				Message: "Lonely this week.", Source: models.FlagSourceSubmitted, CreatedAt: at}
			if age >= 500 {
				f.AcknowledgedAt = &at
			}
			flags = append(flags, f)
		}
	}
	for _, rows := range []any{clients, as, flags} {
		if err := s.SealRows(rows); err != nil {
			return nil, fmt.Errorf("caseload: %w", err)
		}
	}
	err = s.DB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, rows := range []any{clients, as, flags} {
			if err := tx.CreateInBatches(rows, 500).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("caseload: %w", err)
	}
	if !models.IsSQLite(s.DB()) {
		// What autovacuum does soon after a bulk load.
		if err := s.DB().Exec("VACUUM ANALYZE assignments, flags, clients").Error; err != nil {
			return nil, err
		}
	}
	return ids, nil
}
