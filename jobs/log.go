package jobs

import (
	"context"
	"log/slog"
)

// quietLog passes River's warnings and errors to Tend's log under Tend's
// few log keys: the message (prefixed "jobs:"), the job's kind in it, and
// "error". Every other attribute River adds is dropped, so the log keeps
// its allow-list and job arguments never reach it.
type quietLog struct{ next slog.Handler }

func (h quietLog) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= slog.LevelWarn && h.next.Enabled(ctx, l)
}

func (h quietLog) Handle(ctx context.Context, r slog.Record) error {
	msg, errText := "jobs: "+r.Message, ""
	r.Attrs(func(a slog.Attr) bool {
		switch a.Key {
		case "error", "err":
			errText = a.Value.String()
		case "job_kind", "kind":
			msg += " (" + a.Value.String() + ")"
		}
		return true
	})
	out := slog.NewRecord(r.Time, r.Level, msg, r.PC)
	if errText != "" {
		out.AddAttrs(slog.String("error", errText))
	}
	return h.next.Handle(ctx, out)
}

func (h quietLog) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h quietLog) WithGroup(string) slog.Handler      { return h }
