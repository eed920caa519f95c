package models_test

import (
	"context"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// builtinUpgrade is TestBuiltinUpgradeKeepsOldVersion on one database.
func builtinUpgrade(t *testing.T, db testenv.DB) {
	env := testenv.New(t, db)
	ctx := context.Background()
	lib, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	var v2 *worksheets.Definition
	for _, d := range lib {
		if d.Key == "weekly-connection-checkin" {
			v2 = d
		}
	}
	if v2 == nil || v2.Version < 2 {
		t.Fatalf("the built-in weekly check-in should be at version 2 or later: %+v", v2)
	}
	v1 := *v2
	v1.Version = 1
	v1.Flags = append([]worksheets.FlagRule(nil), v2.Flags...)
	for i := range v1.Flags {
		v1.Flags[i].ClientMessage = ""
	}
	if err := env.Store.SyncBuiltins(ctx, []*worksheets.Definition{&v1}); err != nil {
		t.Fatal(err)
	}
	p, oldID, _ := assigned(t, env, "weekly-connection-checkin")
	// Given before the upgrade: point it at the stored version 1.
	var v1ID string
	env.Store.DB().Raw("SELECT id FROM worksheet_versions WHERE key = ? AND version = 1", v1.Key).Scan(&v1ID)
	if err := env.Store.DB().Exec("UPDATE assignments SET worksheet_version_id = ? WHERE id = ?", v1ID, oldID).Error; err != nil {
		t.Fatal(err)
	}
	ans := worksheets.Answers{"asked_help": false, "loneliness": 9.0}
	if _, _, err := env.Store.Submit(ctx, oldID, models.Submission{Answers: ans, Flags: v1.EvaluateFlags(ans)}); err != nil {
		t.Fatal(err)
	}
	old, err := env.Store.AssignmentByID(ctx, p.ID, oldID)
	if err != nil {
		t.Fatal(err)
	}
	rule, _ := old.Worksheet.Def.FlagRule("lonely_high")
	if old.Worksheet.Version != 1 || rule.ClientMessage != "" || len(old.Flags) != 1 || len(worksheets.Readable(old.Worksheet.Def, old.Answers)) == 0 {
		t.Fatalf("the old assignment changed with the upgrade: v%d, rule %+v, flags %+v", old.Worksheet.Version, rule, old.Flags)
	}
	if err := env.Store.SyncBuiltins(ctx, lib); err != nil {
		t.Fatal(err)
	}
	var n int64
	env.Store.DB().Raw("SELECT COUNT(*) FROM worksheet_versions WHERE key = ?", v1.Key).Scan(&n)
	latest, err := env.Store.LatestWorksheet(ctx, p.ID, v1.Key)
	if err != nil || n != 2 || latest.Version != v2.Version {
		t.Fatalf("after syncing again: %d versions, latest %+v (%v)", n, latest, err)
	}
}

// TestBuiltinUpgradeKeepsOldVersion: an assignment given on version 1 of a
// built-in keeps that version (its rules, its words) after version 2 is
// synced; new assignments get version 2, and syncing again adds nothing.
func TestBuiltinUpgradeKeepsOldVersion(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { t.Parallel(); builtinUpgrade(t, db) })
	}
}
