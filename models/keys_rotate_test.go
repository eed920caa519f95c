package models_test

import (
	"context"
	"errors"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestReencryptToNewKey: answers, notes, a flag note and client notes,
// client names (and their search), instructions, a flag message, a score
// and a TOTP secret written with the old key read back after rotation,
// through a keyring without the old key; an interrupted run is finished by a rerun, and a
// further rerun changes nothing.
func TestReencryptToNewKey(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			s, ctx := env.Store, context.Background()
			must := func(step string, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
			}
			p, err := s.CreatePractitioner(ctx, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "correct horse battery ada"})
			must("practitioner", err)
			name, notes := "Sam K.", "sleeps badly since the move"
			var clients []string
			for range 3 {
				c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name, Notes: &notes})
				must("client", err)
				clients = append(clients, c.ID)
			}
			_, err = s.AddNote(ctx, p.ID, clients[0], "", "private words")
			must("note", err)
			lp := models.LinkPolicy{TTL: env.Tend.Config.LinkTTL, AfterDue: env.Tend.Config.LinkAfterDue}
			a, _, err := s.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: clients[0], WorksheetKey: "weekly-connection-checkin", Instructions: "Bring it on Tuesday"}, lp)
			must("assign", err)
			seven := 7.0
			_, _, err = s.Submit(ctx, a.ID, models.Submission{Answers: worksheets.Answers{"stress": 4.0},
				Scores: []worksheets.ScaleScore{{Scale: "strain", Title: "Strain", Value: &seven, Band: "high", Meaning: "A hard week.", Max: 10}},
				Flags:  []worksheets.RaisedFlag{{ID: "safety", Severity: "high", Message: "follow up"}}})
			must("submit", err)
			v, err := s.AssignmentByID(ctx, p.ID, a.ID)
			must("load", err)
			must("acknowledge", s.AcknowledgeFlag(ctx, p.ID, v.Flags[0].ID, "Called them; safe for now."))
			secret, err := s.TOTPEnrolment(ctx, p.ID)
			must("totp secret", err)
			oldID := s.Crypter().ActiveKeyID()

			text, c2, _, err := models.AddKeyLine(env.Tend.Config.Keys)
			must("add key", err)
			newID := c2.ActiveKeyID()
			must("record", models.RecordKey(ctx, s.DB(), c2, env.Clock.Now()))

			// Interrupted after the first batch (of at most two rows).
			cctx, cancel := context.WithCancel(ctx)
			res, err := models.ReencryptAll(cctx, s.DB(), c2, 2, cancel)
			first := res.Rewritten
			if !errors.Is(err, context.Canceled) || first < 1 || first > 2 {
				t.Fatalf("interrupted run: %+v %v, want one batch then cancelled", res, err)
			}
			use, err := models.KeyUsage(ctx, s.DB(), c2)
			must("usage", err)
			if use[oldID] == 0 || use[newID] != int64(first) {
				t.Fatalf("after one batch: %v, want %d on %s and the rest on %s", use, first, newID, oldID)
			}
			res, err = models.ReencryptAll(ctx, s.DB(), c2, 2, nil)
			must("rerun", err)
			// 3 client notes and 3 names, 1 note, 1 answers, 1 flag note and
			// 1 message, 1 instructions, 1 score, 1 TOTP secret (+ link
			// flashes: none).
			const all = 13
			if res.Rewritten != all-first {
				t.Errorf("rerun rewrote %d, want %d", res.Rewritten, all-first)
			}
			use, err = models.KeyUsage(ctx, s.DB(), c2)
			must("usage", err)
			if use[oldID] != 0 || use[newID] != all {
				t.Fatalf("after rotation: %v, want all %d on %s", use, all, newID)
			}
			if res, err := models.ReencryptAll(ctx, s.DB(), c2, 2, nil); err != nil || res != (models.RotateResult{}) {
				t.Errorf("third run: %+v %v, want nothing to do", res, err)
			}

			dropped, ids, err := models.DropKeyLines(text, map[string]bool{oldID: true, newID: true})
			must("drop", err)
			if len(ids) != 1 || ids[0] != oldID {
				t.Fatalf("dropped %v, want only %s (never the active key)", ids, oldID)
			}
			onlyNew, err := models.ParseKeyring(dropped)
			must("parse", err)
			ns := models.NewStore(s.DB(), onlyNew, env.Clock.Now)
			for _, id := range clients {
				c, err := ns.ClientByID(ctx, p.ID, id)
				if err != nil || c.Notes != notes || c.DisplayName != name {
					t.Fatalf("client after rotation: %v %+v", err, c)
				}
			}
			if found, _, err := ns.ListClients(ctx, p.ID, models.ClientFilter{Query: "sam"}, models.Page{}); err != nil || len(found) != 3 {
				t.Errorf("search after rotation found %d clients (%v), want 3", len(found), err)
			}
			got, err := ns.AssignmentByID(ctx, p.ID, a.ID)
			must("assignment after rotation", err)
			if got.Answers["stress"] != 4.0 || got.Flags[0].AckNote != "Called them; safe for now." || got.Flags[0].Message != "follow up" ||
				got.Instructions != "Bring it on Tuesday" || got.ClientName != name || *got.Scores[0].Value != 7 || got.Scores[0].Band != "high" {
				t.Errorf("after rotation: answers %v, flag %+v, instructions %q, client %q, score %+v",
					got.Answers, got.Flags[0], got.Instructions, got.ClientName, got.Scores[0])
			}
			if got, err := ns.TOTPEnrolment(ctx, p.ID); err != nil || got != secret {
				t.Errorf("TOTP secret after rotation: %v (same: %v)", err, got == secret)
			}
			ns2, err := ns.Notes(ctx, p.ID, clients[0], "")
			if err != nil || len(ns2) != 1 || ns2[0].Text != "private words" {
				t.Errorf("notes after rotation: %v %+v", err, ns2)
			}
		})
	}
}
