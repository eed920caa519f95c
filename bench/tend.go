package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"time"

	"github.com/google/uuid"
	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// tendRun is one Tend serving on loopback over a fresh database.
type tendRun struct {
	tend    *app.Tend
	base    string        // http://127.0.0.1:PORT
	started time.Duration // app.New on the fresh database (migrations included)
	cleanup []func()
}

func (t *tendRun) close() {
	for i := len(t.cleanup) - 1; i >= 0; i-- {
		t.cleanup[i]()
	}
}

// start opens Tend on a new SQLite file or a new PostgreSQL schema.
func start(ctx context.Context, db string) (*tendRun, error) {
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		return nil, err
	}
	t := &tendRun{}
	switch db {
	case "sqlite":
		dir, err := os.MkdirTemp("", "tend-bench-")
		if err != nil {
			return nil, err
		}
		t.cleanup = append(t.cleanup, func() { os.RemoveAll(dir) })
		cfg.DatabaseURL = "sqlite:" + filepath.Join(dir, "tend.db")
	case "postgres":
		u, drop, err := pgSchema(os.Getenv("TEND_TEST_POSTGRES_URL"))
		if err != nil {
			return nil, err
		}
		t.cleanup = append(t.cleanup, drop)
		cfg.DatabaseURL = u
	}
	cfg.Keys, _ = models.NewKeyLine("k1")
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.close()
		return nil, err
	}
	t.base = "http://" + ln.Addr().String()
	cfg.BaseURL = t.base
	began := time.Now()
	t.tend, err = app.New(ctx, cfg, app.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		ln.Close()
		t.close()
		return nil, err
	}
	t.started = time.Since(began)
	done := make(chan struct{})
	go func() { defer close(done); _ = t.tend.App.Listener(ln) }()
	t.cleanup = append(t.cleanup, func() {
		_ = t.tend.App.ShutdownWithTimeout(5 * time.Second)
		<-done
		t.tend.Store.Close()
	})
	return t, nil
}

// pgSchema makes a schema of its own in the PostgreSQL at base and returns
// a URL whose search_path is that schema, and a function that drops it.
func pgSchema(base string) (string, func(), error) {
	b := make([]byte, 6)
	rand.Read(b)
	schema := "bench_" + hex.EncodeToString(b)
	admin, err := models.Open(base)
	if err != nil {
		return "", nil, err
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		return "", nil, err
	}
	drop := func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		if s, err := admin.DB(); err == nil {
			s.Close()
		}
	}
	u, err := url.Parse(base)
	if err != nil {
		drop()
		return "", nil, err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), drop, nil
}

// practice is the seeded practitioner and what requests need.
type practice struct {
	pid, apiToken, session string
	clientID               string // a client with a little history
}

// seed writes, in one transaction of batched inserts, a practitioner with
// size assignments over 60 clients: mostly reviewed
// history, 5% each waiting for review, not started, in progress and
// cancelled, due dates over a year, a flag on 1% (most acknowledged).
func seed(ctx context.Context, t *tendRun, size int) (*practice, error) {
	s := t.tend.Store
	p, err := s.CreatePractitioner(ctx, models.NewPractitioner{Email: "bench@example.org", Name: "Bench Practitioner",
		Password: "correct horse battery bench", Role: models.RolePractitioner})
	if err != nil {
		return nil, err
	}
	tok, _, err := s.CreateAPIToken(ctx, p.ID, "bench")
	if err != nil {
		return nil, err
	}
	sess, _, err := s.CreateSession(ctx, p.ID)
	if err != nil {
		return nil, err
	}
	ws, err := s.LatestWorksheet(ctx, p.ID, "weekly-connection-checkin")
	if err != nil {
		return nil, err
	}
	now := s.Now()
	today := now.Truncate(24 * time.Hour)
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	// A fixed caseload of clients: what grows is the history.
	nClients := 60
	clients := make([]models.Client, nClients)
	for i := range clients {
		clients[i] = models.Client{ID: id(), PractitionerID: p.ID, DisplayName: fmt.Sprintf("Client %d", i), CreatedAt: now, UpdatedAt: now}
	}
	as := make([]models.Assignment, 0, size)
	var flags []models.Flag
	for i := 0; i < size; i++ {
		st := models.StatusReviewed
		switch i % 20 {
		case 1:
			st = models.StatusSubmitted
		case 2:
			st = models.StatusAssigned
		case 3:
			st = models.StatusInProgress
		case 4:
			st = models.StatusCancelled
		}
		at := now.Add(-time.Duration(size-i) * 10 * time.Minute)
		due := today.AddDate(0, 0, i%365-300)
		a := models.Assignment{ID: id(), PractitionerID: p.ID, ClientID: clients[i%nClients].ID, WorksheetVersionID: ws.ID,
			WorksheetKey: ws.Key, Status: st, DueOn: &due, LinkExpiresAt: at.Add(30 * 24 * time.Hour), CreatedAt: at, UpdatedAt: at}
		if st == models.StatusSubmitted || st == models.StatusReviewed {
			a.SubmittedAt = &at
		}
		as = append(as, a)
		if i%100 == 0 {
			f := models.Flag{ID: id(), AssignmentID: a.ID, PractitionerID: p.ID, Rule: "lonely_high", Severity: "medium",
				Message: "Lonely this week.", Source: models.FlagSourceSubmitted, CreatedAt: at}
			if i < size-500 {
				f.AcknowledgedAt = &at
			}
			flags = append(flags, f)
		}
	}
	for _, rows := range []any{clients, as, flags} {
		if err := s.SealRows(rows); err != nil {
			return nil, fmt.Errorf("seed: %w", err)
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
		return nil, fmt.Errorf("seed: %w", err)
	}
	if !models.IsSQLite(s.DB()) {
		// What autovacuum does soon after a bulk load.
		if err := s.DB().Exec("VACUUM ANALYZE assignments, flags, clients").Error; err != nil {
			return nil, err
		}
	}
	return &practice{pid: p.ID, apiToken: tok, session: sess, clientID: clients[0].ID}, nil
}
