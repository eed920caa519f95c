package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestReadsDoNotWaitForTheWriter: on SQLite a practitioner's page reads
// while a write transaction holds the one write connection (a client's
// autosave, a long import), sees only what was committed, and sees the
// write once it commits. The writer stays one connection.
func TestReadsDoNotWaitForTheWriter(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	s := env.Store
	pid := env.NewPractitioner("Ada", false).ID
	sqlDB, err := s.DB().DB()
	if err != nil {
		t.Fatal(err)
	}
	if n := sqlDB.Stats().MaxOpenConnections; n != 1 {
		t.Fatalf("the writer has %d connections, want exactly 1", n)
	}
	name, err := s.Crypter().Encrypt([]byte("Not yet"), "clients.name|c-uncommitted")
	if err != nil {
		t.Fatal(err)
	}
	tx := s.DB().Begin()
	if err := tx.Create(&models.Client{ID: "c-uncommitted", PractitionerID: pid, NameEnc: name}).Error; err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 3*time.Second)
	defer cancel()
	rows, _, err := s.ListClients(ctx, pid, models.ClientFilter{}, models.Page{})
	if err != nil {
		tx.Rollback()
		t.Fatalf("a list during a write transaction: %v (it waited for the writer)", err)
	}
	if len(rows) != 0 {
		t.Errorf("a read saw an uncommitted client: %+v", rows)
	}
	if err := tx.Commit().Error; err != nil {
		t.Fatal(err)
	}
	if rows, _, err = s.ListClients(t.Context(), pid, models.ClientFilter{}, models.Page{}); err != nil || len(rows) != 1 {
		t.Fatalf("after the commit: %d clients, %v; want the committed one", len(rows), err)
	}
}
