package app

import (
	"context"
	"log/slog"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/jobs"
	"github.com/tend-health/tend/mail"
	"github.com/tend-health/tend/models"
)

// openJobs registers every job Tend runs later and opens the queue on the
// store's database. The queue inserts from now on; cli serve starts it
// working (tests start it when they need it).
func openJobs(cfg config.Config, store *models.Store, mailer *mail.Deliverer, poll time.Duration, lg *slog.Logger) (*jobs.Queue, error) {
	reg := jobs.NewRegistry()
	jobs.Handle(reg, func(ctx context.Context, _ models.Housekeeping) error {
		return store.Housekeep(ctx, cfg.SessionIdle, cfg.SessionMax, cfg.FillIdle)
	})
	reg.Every(time.Hour, models.Housekeeping{})
	// Schedules and courses: every minute, release what is due by the
	// store's clock. ReleaseDue is idempotent (a unique key per
	// occurrence), so a run repeated after a crash or on a second instance
	// releases nothing twice.
	jobs.Handle(reg, func(ctx context.Context, _ models.ReleaseDueJob) error {
		_, err := store.ReleaseDue(ctx, store.Now())
		return err
	})
	reg.Every(time.Minute, models.ReleaseDueJob{})
	jobs.Handle(reg, func(ctx context.Context, m models.DeliverMessage) error { return mailer.Deliver(ctx, m.ID) })
	jobs.Handle(reg, func(ctx context.Context, _ models.RemindersDue) error {
		if _, err := store.QueueReminders(ctx, store.Now()); err != nil {
			return err
		}
		_, err := store.QueueDigests(ctx, store.Now())
		return err
	})
	reg.Every(15*time.Minute, models.RemindersDue{})
	q, err := jobs.Open(store.DB(), reg, jobs.Config{PollInterval: poll, Log: lg})
	if err != nil {
		return nil, err
	}
	store.SetQueue(q)
	return q, nil
}
