package cli

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
)

// startApp wires the instance within TEND_START_TIMEOUT: a database that
// never answers (a host that accepts and stays silent) ends the start
// with one line, and SIGTERM during the start ends it at once. The wiring
// left running is abandoned: the process is about to exit.
func startApp(ctx context.Context, cfg config.Config, lg *slog.Logger) (*app.Tend, error) {
	type started struct {
		t   *app.Tend
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	done := make(chan started, 1)
	go func() {
		t, err := app.New(ctx, cfg, app.Options{Log: lg})
		done <- started{t, err}
	}()
	limit := time.NewTimer(cfg.StartTimeout)
	defer limit.Stop()
	select {
	case s := <-done:
		return s.t, s.err
	case <-ctx.Done():
		return nil, errors.New("stopped while starting (the database had not answered yet)")
	case <-limit.C:
		return nil, fmt.Errorf("the database (%s) did not answer within %s (TEND_START_TIMEOUT); check that it is running and reachable", dbLabel(cfg), cfg.StartTimeout)
	}
}

// drain shuts down in the order a load balancer needs: /readyz turns 503,
// requests are still served for TEND_SHUTDOWN_DRAIN, then the listener
// closes and requests in flight get TEND_SHUTDOWN_TIMEOUT to finish. An
// error (exit code 1) when that limit cut a request.
func drain(t *app.Tend, errc <-chan error) error {
	lg, cfg := t.Log, t.Config
	t.Draining.Store(true)
	lg.Info("shutting down: /readyz answers 503, still serving during the drain", slog.Duration("drain", cfg.ShutdownDrain))
	select {
	case err := <-errc:
		return err
	case <-time.After(cfg.ShutdownDrain):
	}
	lg.Info("shutting down: finishing requests in flight")
	if err := t.App.ShutdownWithTimeout(cfg.ShutdownTimeout); err != nil {
		return fmt.Errorf("shutdown: requests still running after %s (TEND_SHUTDOWN_TIMEOUT) were cut", cfg.ShutdownTimeout)
	}
	return nil
}
