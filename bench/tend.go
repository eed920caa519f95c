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
	"sort"
	"time"

	"github.com/google/uuid"
	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// tendRun is one Tend serving on loopback over a fresh database.
type tendRun struct {
	cfg        config.Config
	tend       *app.Tend
	base       string        // http://127.0.0.1:PORT
	firstStart time.Duration // app.New on the fresh database (every migration)
	stopServe  func()        // stops the listener (nil once stopped)
	cleanup    []func()      // removes the database
}

// close stops Tend and removes its database.
func (t *tendRun) close() {
	t.stop()
	for i := len(t.cleanup) - 1; i >= 0; i-- {
		t.cleanup[i]()
	}
}

// stop stops serving and closes the store, keeping the database.
func (t *tendRun) stop() {
	if t.stopServe != nil {
		t.stopServe()
		t.stopServe = nil
	}
	if t.tend != nil {
		t.tend.Store.Close()
		t.tend = nil
	}
}

// start opens Tend on a new SQLite file or a new PostgreSQL schema and
// serves it on loopback.
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
	t.cfg = cfg
	if t.firstStart, err = t.open(ctx); err != nil {
		ln.Close()
		t.close()
		return nil, err
	}
	done := make(chan struct{})
	a := t.tend.App
	go func() { defer close(done); _ = a.Listener(ln) }()
	t.stopServe = func() {
		_ = a.ShutdownWithTimeout(5 * time.Second)
		<-done
	}
	return t, nil
}

// open runs app.New on the run's database and returns how long it took.
func (t *tendRun) open(ctx context.Context) (time.Duration, error) {
	began := time.Now()
	tend, err := app.New(ctx, t.cfg, app.Options{Log: slog.New(slog.DiscardHandler)})
	if err != nil {
		return 0, err
	}
	t.tend = tend
	return time.Since(began), nil
}

// restart stops Tend and starts it again on the same database, rounds
// times, as an operator's restart or upgrade does; it returns the median
// start. The last instance stays open (not serving) until close.
func (t *tendRun) restart(ctx context.Context, rounds int) (time.Duration, error) {
	var ds []time.Duration
	for r := 0; r < rounds; r++ {
		t.stop()
		d, err := t.open(ctx)
		if err != nil {
			return 0, err
		}
		ds = append(ds, d)
	}
	sort.Slice(ds, func(i, j int) bool { return ds[i] < ds[j] })
	return ds[len(ds)/2], nil
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

// present is how many of the newest assignments are the practitioner's
// present: at every size they are the same (what is due, waiting for
// review or flagged, as a 1k seed has them); older ones are history.
const present = 1000

// seed writes, in one transaction of batched inserts, a practitioner with
// size assignments over 60 clients. The newest present assignments are the
// same at every size: mostly reviewed, 5% each waiting for review, not
// started, in progress and cancelled, due from 300 days ago to two months
// ahead, a flag on 1% (those of the newest 500 not acknowledged). Older
// ones are history in the same mix, each due the day it was made (so open
// ones are long overdue), every flag acknowledged: a larger size adds
// history, not work due this week.
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
		age := size - 1 - i    // 0: the newest
		k := present - 1 - age // the position in a 1k seed; < 0: history
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
		a := models.Assignment{ID: id(), PractitionerID: p.ID, ClientID: clients[(k%nClients+nClients)%nClients].ID, WorksheetVersionID: ws.ID,
			WorksheetKey: ws.Key, Status: st, DueOn: &due, LinkExpiresAt: at.Add(30 * 24 * time.Hour), CreatedAt: at, UpdatedAt: at}
		if st == models.StatusSubmitted || st == models.StatusReviewed {
			a.SubmittedAt = &at
		}
		as = append(as, a)
		if (k+100*size)%100 == 0 {
			f := models.Flag{ID: id(), AssignmentID: a.ID, PractitionerID: p.ID, Rule: "lonely_high", Severity: "medium",
				Message: "Lonely this week.", Source: models.FlagSourceSubmitted, CreatedAt: at}
			if age >= 500 {
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
