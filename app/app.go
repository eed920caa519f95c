// Package app wires Tend together: config → database → migrations →
// worksheet library → templates → HTTP app. cmd/tend, the CLI and the tests
// use it, so tests start exactly the instance the binary starts. It owns the
// order of start-up and nothing else; it must never be imported by the
// packages it wires (handlers, models, reports, worksheets, templates).
package app

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"sync/atomic"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/handlers"
	"github.com/tend-health/tend/jobs"
	"github.com/tend-health/tend/mail"
	"github.com/tend-health/tend/metrics"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/templates"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// Tend is a wired, migrated instance.
type Tend struct {
	Config config.Config
	Store  *models.Store
	App    *fiber.App
	Log    *slog.Logger
	// Metrics is always counted; cli serve exposes it on TEND_METRICS_ADDR.
	Metrics *metrics.Metrics
	// Draining turns /readyz to 503 (set when shutdown begins).
	Draining *atomic.Bool
	// Mail delivers the outbox (the DeliverMessage job calls it).
	Mail *mail.Deliverer
	// Jobs is the durable job queue; cli serve starts it working.
	Jobs *jobs.Queue
}

// Options adjust wiring for tests.
type Options struct {
	Now func() time.Time // frozen clock
	Log *slog.Logger
	// JobPoll is how often the job queue looks for work (default 1s).
	JobPoll time.Duration
}

// OpenStore reads the encryption keys, opens and migrates the database,
// then settles the keys with it: a key file is created only for a new
// database, and a missing, wrong or foreign key stops the start.
func OpenStore(cfg config.Config, opt Options, lg *slog.Logger) (*models.Store, error) {
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	crypt, src, err := readKeys(cfg)
	if err != nil {
		return nil, err
	}
	if p := cfg.SQLitePath(); p != "" && p != ":memory:" {
		if dir := filepath.Dir(p); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, fmt.Errorf("database directory: %w", err)
			}
		}
	}
	db, err := models.Open(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	store, err := settle(cfg, opt, db, crypt, src, lg)
	if err != nil {
		if sqlDB, derr := db.DB(); derr == nil {
			sqlDB.Close()
		}
		return nil, err
	}
	return store, nil
}

func settle(cfg config.Config, opt Options, db *gorm.DB, crypt *models.Crypter, src string, lg *slog.Logger) (*models.Store, error) {
	if err := models.Migrate(db, jobs.Schema); err != nil {
		return nil, err
	}
	if p := cfg.SQLitePath(); p != "" && p != ":memory:" {
		// The database holds PHI: readable by the service user only.
		for _, f := range []string{p, p + "-wal", p + "-shm"} {
			if err := os.Chmod(f, 0o600); err != nil && !os.IsNotExist(err) {
				return nil, fmt.Errorf("database permissions: %w", err)
			}
		}
	}
	now := time.Now
	if opt.Now != nil {
		now = opt.Now
	}
	crypt, err := settleKeys(context.Background(), cfg, db, crypt, src, now(), lg)
	if err != nil {
		return nil, err
	}
	if err := sealPlaintext(context.Background(), db, crypt, lg); err != nil {
		return nil, err
	}
	store := models.NewStore(db, crypt, opt.Now)
	readers, err := models.OpenReader(cfg.DatabaseURL)
	if err != nil {
		return nil, err
	}
	store.UseReader(readers)
	return store, nil
}

// memoryLimit is the soft memory limit Tend sets for its process when the
// operator has not set GOMEMLIMIT: near it the garbage collector works
// harder, so a burst of password checks (argon2id, 19 MiB each, bounded in
// number) is collected promptly instead of doubling the heap before the
// next collection. Live data of a running Tend is far below it.
const memoryLimit = 200 << 20

// New builds a ready instance: store, built-in worksheets recorded, app.
func New(ctx context.Context, cfg config.Config, opt Options) (*Tend, error) {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memoryLimit)
	}
	lg := opt.Log
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	lib, err := worksheets.Library()
	if err != nil {
		return nil, fmt.Errorf("built-in worksheets: %w", err)
	}
	pages, err := templates.Load()
	if err != nil {
		return nil, err
	}
	store, err := OpenStore(cfg, opt, lg)
	if err != nil {
		return nil, err
	}
	if err := store.SyncBuiltins(ctx, lib); err != nil {
		store.Close()
		return nil, err
	}
	store.SetLinkPolicy(models.LinkPolicy{TTL: cfg.LinkTTL, AfterDue: cfg.LinkAfterDue})
	if _, err := store.EncryptClientEmails(ctx); err != nil {
		store.Close()
		return nil, err
	}
	store.SetMail(models.MailOptions{Email: cfg.Mail.Enabled(), Webhook: cfg.Mail.WebhookURL != ""})
	warnBaseURL(cfg, lg)
	mailer := newDeliverer(cfg, store)
	q, err := openJobs(cfg, store, mailer, opt.JobPoll, lg)
	if err != nil {
		store.Close()
		return nil, err
	}
	pdf := reports.NewRenderer(cfg.PDFConcurrency, cfg.PDFWait)
	sqlDB, err := store.DB().DB()
	if err != nil {
		store.Close()
		return nil, fmt.Errorf("database pool: %w", err)
	}
	m := metrics.New(sqlDB, pdf)
	draining := new(atomic.Bool)
	a := handlers.NewApp(handlers.Deps{Store: store, Config: cfg, Pages: pages, Log: lg, PDF: pdf, Metrics: m, Draining: draining})
	return &Tend{Config: cfg, Store: store, App: a, Log: lg, Metrics: m, Draining: draining, Jobs: q, Mail: mailer}, nil
}

// newDeliverer delivers the outbox through the configured relay and
// webhook (either may be off).
func newDeliverer(cfg config.Config, store *models.Store) *mail.Deliverer {
	d := &mail.Deliverer{Store: store, BaseURL: cfg.BaseURL}
	if cfg.Mail.Enabled() {
		d.Sender = mail.NewSMTP(cfg.Mail)
	}
	if cfg.Mail.WebhookURL != "" {
		d.Webhook = &mail.Webhook{URL: cfg.Mail.WebhookURL, Secret: cfg.Mail.WebhookSecret}
	}
	return d
}

// warnBaseURL says once, at start, when client links cannot work for a
// client, and what to set (no attributes: the log keys are allow-listed).
func warnBaseURL(cfg config.Config, lg *slog.Logger) {
	switch cfg.BaseURLProblem() {
	case config.BaseURLLocal:
		lg.Warn("TEND_BASE_URL points at this computer: client links and QR codes will not open on a client's phone; set TEND_BASE_URL to the address clients reach Tend at, like https://tend.example.org")
	case config.BaseURLUnencrypted:
		lg.Warn("TEND_BASE_URL is plain http: client links are not encrypted; serve Tend over HTTPS and set TEND_BASE_URL to its https:// address")
	}
}
