// Package testenv builds a real, isolated Tend for tests: a fresh SQLite
// file per test, or a fresh PostgreSQL schema when TEND_TEST_POSTGRES_URL is
// set, a frozen clock you can move, and helpers that act as a practitioner
// or a client. Only tests import it; it must never be imported by non-test
// code.
package testenv

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// DB names one database a test can run on.
type DB struct {
	Name string // "sqlite" or "postgres"
}

// Databases lists the databases to run on: SQLite always, PostgreSQL when
// TEND_TEST_POSTGRES_URL is set (it says once when it is not).
func Databases(t testing.TB) []DB {
	dbs := []DB{{"sqlite"}}
	if os.Getenv("TEND_TEST_POSTGRES_URL") != "" {
		dbs = append(dbs, DB{"postgres"})
	} else {
		skipOnce.Do(func() {
			t.Log("TEND_TEST_POSTGRES_URL is not set: PostgreSQL runs of these tests are skipped (CI sets it)")
		})
	}
	return dbs
}

var skipOnce sync.Once

// Clock is a frozen clock tests move by hand.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// Now returns the clock's time.
func (c *Clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

// Advance moves the clock forward.
func (c *Clock) Advance(d time.Duration) { c.mu.Lock(); c.t = c.t.Add(d); c.mu.Unlock() }

// Env is one running Tend over a fresh database.
type Env struct {
	T      testing.TB
	Tend   *app.Tend
	Store  *models.Store
	Clock  *Clock
	Logs   *bytes.Buffer // everything the server logged (JSON lines)
	DBName string
	// SQLitePath is the database file (sqlite only), for grepping raw bytes.
	SQLitePath string
	logMu      sync.Mutex
}

// Option changes the config before start.
type Option func(*config.Config)

// New starts Tend on db with a fresh database.
func New(t testing.TB, db DB, opts ...Option) *Env {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	cfg.BaseURL = "http://tend.test"
	cfg.Keys, _ = models.NewKeyLine("k1")
	env := &Env{T: t, Clock: &Clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}, Logs: &bytes.Buffer{}, DBName: db.Name}
	switch db.Name {
	case "sqlite":
		env.SQLitePath = filepath.Join(dir, "tend.db")
		cfg.DatabaseURL = "sqlite:" + env.SQLitePath
	case "postgres":
		cfg.DatabaseURL = freshSchema(t)
	default:
		t.Fatalf("unknown db %q", db.Name)
	}
	for _, o := range opts {
		o(&cfg)
	}
	lg := slog.New(slog.NewJSONHandler(lockedWriter{env}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	tend, err := app.New(context.Background(), cfg, app.Options{Now: env.Clock.Now, Log: lg, JobPoll: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { tend.Store.Close() })
	if sqlDB, err := tend.Store.DB().DB(); err == nil && !models.IsSQLite(tend.Store.DB()) {
		// Dozens of test instances share one PostgreSQL (100 connections):
		// each keeps few idle ones, where a lone Tend keeps its whole pool.
		sqlDB.SetMaxIdleConns(4)
	}
	env.Tend, env.Store = tend, tend.Store
	return env
}

type lockedWriter struct{ e *Env }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.e.logMu.Lock()
	defer w.e.logMu.Unlock()
	return w.e.Logs.Write(p)
}

// StartJobs starts the job queue working (stopped when the test ends):
// only tests of work done later need it.
func (e *Env) StartJobs() {
	e.T.Helper()
	if err := e.Tend.Jobs.Start(context.Background()); err != nil {
		e.T.Fatalf("start jobs: %v", err)
	}
	e.T.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		e.Tend.Jobs.Stop(ctx)
	})
}

// LogText returns what the server has logged so far.
func (e *Env) LogText() string { e.logMu.Lock(); defer e.logMu.Unlock(); return e.Logs.String() }

// FreshURL returns the URL of a new, empty, unmigrated database: a file in
// the test's temporary directory for SQLite, a new schema (dropped after the
// test) for PostgreSQL.
func FreshURL(t testing.TB, db DB) string {
	t.Helper()
	switch db.Name {
	case "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "tend.db")
	case "postgres":
		return freshSchema(t)
	}
	t.Fatalf("unknown db %q", db.Name)
	return ""
}

// freshSchema makes a new schema in the test PostgreSQL and returns a URL
// whose search_path points at it; the schema is dropped after the test.
func freshSchema(t testing.TB) string {
	base := os.Getenv("TEND_TEST_POSTGRES_URL")
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := gorm.Open(postgres.Open(base), &gorm.Config{Logger: logger.Default.LogMode(logger.Silent)})
	if err != nil {
		t.Fatalf("postgres: %v", err)
	}
	if err := admin.Exec("CREATE SCHEMA " + schema).Error; err != nil {
		t.Fatalf("postgres: create schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		if s, err := admin.DB(); err == nil {
			s.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("TEND_TEST_POSTGRES_URL: %v", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

// Do sends a request through the app (no network) and returns the response
// and its body.
func (e *Env) Do(req *http.Request) (*http.Response, string) {
	e.T.Helper()
	var reqBody []byte
	if req.Body != nil {
		reqBody, _ = io.ReadAll(req.Body)
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := e.Tend.App.Test(req, -1)
	if err != nil {
		e.T.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	e.checkAPI(req, reqBody, resp, string(body))
	return resp, string(body)
}

// Practitioner is an account the test acts as.
type Practitioner struct {
	*models.Practitioner
	Password string
	APIToken string
	e        *Env
}

var counter struct {
	sync.Mutex
	n int
}

// NewPractitioner creates an account with an API token.
func (e *Env) NewPractitioner(name string, admin bool) *Practitioner {
	e.T.Helper()
	counter.Lock()
	counter.n++
	n := counter.n
	counter.Unlock()
	role := models.RolePractitioner
	if admin {
		role = models.RoleAdmin
	}
	pw := "correct horse battery " + name
	email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "." + strconv.Itoa(n) + "@example.org"
	p, err := e.Store.CreatePractitioner(context.Background(), models.NewPractitioner{Email: email, Name: name, Password: pw, Role: role})
	if err != nil {
		e.T.Fatal(err)
	}
	tok, _, err := e.Store.CreateAPIToken(context.Background(), p.ID, "test")
	if err != nil {
		e.T.Fatal(err)
	}
	return &Practitioner{Practitioner: p, Password: pw, APIToken: tok, e: e}
}

// API sends a JSON request with the practitioner's API token. body may be
// nil, a string (sent as is) or a value (JSON-encoded).
func (p *Practitioner) API(method, path string, body any) (*http.Response, string) {
	p.e.T.Helper()
	return p.e.API(p.APIToken, method, path, body)
}

// API sends a JSON request with any bearer token ("" = none).
func (e *Env) API(token, method, path string, body any) (*http.Response, string) {
	e.T.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		js, err := json.Marshal(b)
		if err != nil {
			e.T.Fatal(err)
		}
		r = bytes.NewReader(js)
	}
	req := httptest.NewRequest(method, path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return e.Do(req)
}

// JSON decodes a response body into a map (fails the test if it is not JSON).
func JSON(t testing.TB, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, body)
	}
	return m
}

// Send sends a body with an explicit content type and the practitioner's token.
func (p *Practitioner) Send(method, path, contentType, body string) (*http.Response, string) {
	p.e.T.Helper()
	req := httptest.NewRequest(method, path, strings.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	req.Header.Set("Authorization", "Bearer "+p.APIToken)
	return p.e.Do(req)
}

// Assigned is a client with one assignment, made through the JSON API.
type Assigned struct {
	ClientID, AssignmentID string
	Link                   string // TEND_BASE_URL/w/<token>
}

// Token is the raw link token.
func (a Assigned) Token() string { return a.Link[strings.LastIndex(a.Link, "/")+1:] }

// AssignNew creates a client named "Sam K." and gives them worksheet key,
// due 2026-11-09, with instructions, through the API (failing the test on
// any error).
func (p *Practitioner) AssignNew(key, instructions string) Assigned {
	p.e.T.Helper()
	resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Sam K.", "email": "sam@example.org"})
	if resp.StatusCode != 201 {
		p.e.T.Fatalf("create client: %d %s", resp.StatusCode, body)
	}
	cid := JSON(p.e.T, body)["id"].(string)
	resp, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{
		"worksheet_key": key, "due_on": "2026-11-09", "instructions": instructions})
	if resp.StatusCode != 201 {
		p.e.T.Fatalf("create assignment: %d %s", resp.StatusCode, body)
	}
	a := JSON(p.e.T, body)
	return Assigned{ClientID: cid, AssignmentID: a["id"].(string), Link: a["link"].(string)}
}
