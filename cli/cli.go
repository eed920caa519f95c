// Package cli implements the tend command line: serve (default), migrate,
// practitioner add, worksheets lint/list, backup. It owns argument parsing
// and what each command prints; the work is done by app, models and
// worksheets. It must never import handlers (the HTTP rooms) directly.
package cli

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

const usage = `usage: tend [command]

  serve                      run the server (default)
  migrate                    apply database migrations and exit
  practitioner add --email E --name N [--admin]
                             add an account; the password is read from stdin
  practitioner reset-password --email E [--temporary]
                             set a new password (read from stdin); ends the
                             account's sessions and API tokens; --temporary:
                             it must be changed at the next sign-in
  worksheets list            list the built-in worksheets
  worksheets lint FILE...    check worksheet YAML files
  backup FILE                write a consistent copy of the SQLite database
  keys rotate [--finish | --status | --drop-unused]
                             add a new active encryption key; --finish
                             re-encrypts every value with it (after a restart)`

// Run executes one command.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"serve"}
	}
	switch args[0] {
	case "serve":
		return serve(ctx, stdout, stderr)
	case "migrate":
		return migrate(stdout, stderr)
	case "practitioner":
		switch {
		case len(args) >= 2 && args[1] == "add":
			return addPractitioner(ctx, args[2:], stdin, stdout, stderr)
		case len(args) >= 2 && args[1] == "reset-password":
			return resetPassword(ctx, args[2:], stdin, stdout, stderr)
		}
		return errors.New("usage: tend practitioner add --email E --name N [--admin] | tend practitioner reset-password --email E [--temporary]")
	case "worksheets":
		if len(args) >= 2 && args[1] == "list" {
			return listWorksheets(stdout)
		}
		if len(args) >= 3 && args[1] == "lint" {
			return lint(args[2:], stdout)
		}
		return errors.New("usage: tend worksheets list | tend worksheets lint FILE…")
	case "backup":
		if len(args) != 2 {
			return errors.New("usage: tend backup FILE")
		}
		return backup(ctx, args[1], stdout, stderr)
	case "keys":
		if len(args) >= 2 && args[1] == "rotate" {
			return keysRotate(ctx, args[2:], stdout, stderr)
		}
		return errors.New("usage: tend keys rotate [--finish | --status | --drop-unused]")
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}

func loadConfig() (config.Config, error) {
	if err := config.LoadDotEnv(".env"); err != nil {
		return config.Config{}, err
	}
	return config.Load(os.Getenv)
}

func logger(cfg config.Config, w io.Writer) *slog.Logger {
	lvl := map[string]slog.Level{"debug": slog.LevelDebug, "info": slog.LevelInfo, "warn": slog.LevelWarn, "error": slog.LevelError}[cfg.LogLevel]
	return slog.New(slog.NewJSONHandler(w, &slog.HandlerOptions{Level: lvl}))
}

func serve(ctx context.Context, stdout, stderr io.Writer) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	lg := logger(cfg, stderr)
	// Bind before wiring (on IPv4, as Fiber's Listen does) so the address is
	// known when TEND_ADDR names port 0, and a default base URL can follow it.
	ln, err := net.Listen("tcp4", cfg.Addr)
	if err != nil {
		return fmt.Errorf("failed to listen: %w", err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	if _, port, _ := net.SplitHostPort(cfg.Addr); port == "0" && cfg.BaseURL == "http://"+cfg.Addr {
		cfg.BaseURL = "http://" + addr
	}
	t, err := startApp(ctx, cfg, lg)
	if err != nil {
		return err
	}
	defer t.Store.Close()
	// The port is bound (above), so the link and the address printed from
	// here on are reachable: connections wait in the listen queue.
	if err := printSetupLink(ctx, t, stdout); err != nil {
		return err
	}
	stopMetrics, err := serveMetrics(cfg, t, lg, stdout)
	if err != nil {
		return err
	}
	defer stopMetrics()
	// The job queue (housekeeping, releases, email) runs until the drain
	// ends; its own stop lets running jobs finish.
	if err := t.Jobs.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("job queue: %w", err)
	}
	defer stopJobs(t, lg)
	errc := make(chan error, 1)
	go func() { errc <- t.App.Listener(ln) }()
	lg.Info("listening", slog.String("addr", addr))
	fmt.Fprintf(stdout, "Tend is listening on http://%s (database: %s)\n", addr, dbLabel(cfg))
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	return drain(t, errc)
}

// serveMetrics starts the /metrics listener when TEND_METRICS_ADDR is set;
// the returned stop ends it (after scrapes in flight, up to 5 s).
func serveMetrics(cfg config.Config, t *app.Tend, lg *slog.Logger, stdout io.Writer) (stop func(), err error) {
	if cfg.MetricsAddr == "" {
		return func() {}, nil
	}
	ln, err := net.Listen("tcp", cfg.MetricsAddr)
	if err != nil {
		return nil, fmt.Errorf("TEND_METRICS_ADDR: failed to listen: %w", err)
	}
	shutdown := t.Metrics.Serve(ln)
	addr := ln.Addr().String()
	lg.Info("metrics listening", slog.String("addr", addr))
	fmt.Fprintf(stdout, "Metrics are at http://%s/metrics\n", addr)
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if err := shutdown(ctx); err != nil {
			lg.Error("metrics shutdown", slog.String("error", err.Error()))
		}
	}, nil
}

// printSetupLink prints the one-time link that creates the first admin, when
// no account exists; when another instance starting at the same time
// issued it, it says so in one line.
func printSetupLink(ctx context.Context, t *app.Tend, stdout io.Writer) error {
	tok, err := t.Store.EnsureSetupToken(ctx)
	if errors.Is(err, models.ErrSetupLinkIssued) {
		fmt.Fprintln(stdout, "No account exists yet: another instance starting at the same time printed the account setup link; "+
			"use that link, restart in two minutes for a new one, or run: tend practitioner add --email you@example.org --name \"Your Name\" --admin")
		return nil
	}
	if err != nil || tok == "" {
		return err
	}
	fmt.Fprintf(stdout, "No account exists yet. Open this one-time link to create the first admin:\n  %s/setup/%s\n", t.Config.BaseURL, tok)
	fmt.Fprintln(stdout, "(or run: tend practitioner add --email you@example.org --name \"Your Name\" --admin)")
	return nil
}

// stopJobs stops the job queue, letting running jobs finish within
// TEND_SHUTDOWN_TIMEOUT; one cut short runs again later (on any instance).
func stopJobs(t *app.Tend, lg *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), t.Config.ShutdownTimeout)
	defer cancel()
	if err := t.Jobs.Stop(ctx); err != nil {
		lg.Error("job queue stop", slog.String("error", err.Error()))
	}
}

func dbLabel(cfg config.Config) string {
	if p := cfg.SQLitePath(); p != "" {
		return "SQLite " + p
	}
	return "PostgreSQL"
}

// openStore loads the config and opens the migrated database, logging to
// stderr: what the one-shot commands need.
func openStore(stderr io.Writer) (*models.Store, error) {
	cfg, err := loadConfig()
	if err != nil {
		return nil, err
	}
	return app.OpenStore(cfg, app.Options{}, logger(cfg, stderr))
}

func migrate(stdout, stderr io.Writer) error {
	store, err := openStore(stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	v, err := models.SchemaVersion(store.DB())
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "database is at schema version %d\n", v)
	return nil
}

func addPractitioner(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("practitioner add", flag.ContinueOnError)
	fs.SetOutput(stderr)
	email := fs.String("email", "", "email address (sign-in name)")
	name := fs.String("name", "", "display name")
	admin := fs.Bool("admin", false, "make this account an admin")
	if err := fs.Parse(args); err != nil {
		return err
	}
	pw, store, err := readPasswordOpenStore(stdin, stderr)
	if err != nil {
		return err
	}
	defer store.Close()
	role := models.RolePractitioner
	if *admin {
		role = models.RoleAdmin
	}
	ctx = models.WithActor(ctx, models.Actor{Type: "system", ID: "cli"})
	p, err := store.CreatePractitioner(ctx, models.NewPractitioner{Email: *email, Name: *name, Password: pw, Role: role})
	if err != nil {
		return problems(err)
	}
	fmt.Fprintf(stdout, "added %s (%s) as %s\n", p.Email, p.Name, p.Role)
	return nil
}

// readPasswordOpenStore reads a password, one line from stdin (prompting
// on stderr), then opens the database: what the account commands need.
func readPasswordOpenStore(stdin io.Reader, stderr io.Writer) (string, *models.Store, error) {
	fmt.Fprintln(stderr, "Password (at least 10 characters, not a common or easy-to-guess one), then Enter:")
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && line == "" {
		return "", nil, errors.New("no password given on stdin")
	}
	store, err := openStore(stderr)
	if err != nil {
		return "", nil, err
	}
	return strings.TrimRight(line, "\r\n"), store, nil
}

// problems turns the store's validation error into one line naming each
// flag or input and what is wrong; other errors pass through.
func problems(err error) error {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	var msgs []string
	for _, pr := range ve.Problems {
		name := "--" + pr.Field
		if pr.Field == "password" {
			name = "the password (stdin)"
		}
		msgs = append(msgs, name+" "+pr.Message)
	}
	return errors.New(strings.Join(msgs, "; "))
}

func listWorksheets(stdout io.Writer) error {
	lib, err := worksheets.Library()
	if err != nil {
		return err
	}
	sort.SliceStable(lib, func(i, j int) bool { return worksheets.CourseLess(lib[i], lib[j]) })
	for _, d := range lib {
		fmt.Fprintf(stdout, "%-28s v%d  %2d items  ~%2d min  %s\n", d.Key, d.Version, d.ItemCount(), d.EstimatedMinutes, d.Title)
	}
	return nil
}

func lint(files []string, stdout io.Writer) error {
	bad := 0
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(stdout, "%s: %v\n", f, err)
			bad++
			continue
		}
		_, err = worksheets.Parse(data)
		var de *worksheets.DefinitionError
		if errors.As(err, &de) {
			for _, p := range de.Problems {
				fmt.Fprintf(stdout, "%s:%d: %s: %s\n", f, p.Line, p.Path, p.Message)
			}
			bad++
			continue
		}
		if err != nil {
			fmt.Fprintf(stdout, "%s: %v\n", f, err)
			bad++
			continue
		}
		fmt.Fprintf(stdout, "%s: ok\n", f)
	}
	if bad > 0 {
		return fmt.Errorf("%d of %d files have problems", bad, len(files))
	}
	return nil
}

func backup(ctx context.Context, dest string, stdout, stderr io.Writer) error {
	cfg, err := loadConfig()
	if err != nil {
		return err
	}
	if cfg.SQLitePath() == "" {
		return errors.New("backup covers SQLite; for PostgreSQL use pg_dump -Fc")
	}
	if _, err := os.Stat(dest); err == nil {
		return fmt.Errorf("%s exists; choose a new file", dest)
	}
	store, err := app.OpenStore(cfg, app.Options{}, logger(cfg, stderr))
	if err != nil {
		return err
	}
	defer store.Close()
	if err := models.Backup(ctx, store.DB(), dest); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s (answers stay encrypted; the key file is not included)\n", dest)
	return nil
}
