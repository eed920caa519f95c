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

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/caseload"
	"github.com/tend-health/tend/models"
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

// seed makes the bench practitioner (an API token, a session) and writes
// their history of size assignments (caseload.Seed: a larger size adds
// history, not work due this week).
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
	clients, err := caseload.Seed(ctx, s, p.ID, size)
	if err != nil {
		return nil, fmt.Errorf("seed: %w", err)
	}
	return &practice{pid: p.ID, apiToken: tok, session: sess, clientID: clients[0]}, nil
}
