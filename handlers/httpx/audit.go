package httpx

import (
	"log/slog"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// SetActor makes a the actor of every audit event the request writes: the
// store reads it from c.UserContext(). Authentication calls it once, where
// the person behind the request becomes known.
func SetActor(c *fiber.Ctx, a models.Actor) {
	c.SetUserContext(models.WithActor(c.UserContext(), a))
}

// AuditRead records a read (a page, a PDF, a sign-in) by the request's
// actor. A failure is logged and never fails the page; changes record their
// events in the store, in the change's own transaction.
func (k *Kit) AuditRead(c *fiber.Ctx, action, objectType, objectID string) {
	if err := k.Store.Audit(c.UserContext(), action, objectType, objectID); err != nil {
		k.Log.Error("audit failed", slog.String("rid", RequestIDOf(c)), slog.String("action", action),
			slog.String("error", err.Error()))
	}
}

// AuditReadDuring records a read as AuditRead does while work runs (a PDF
// being made from what was just loaded): the event's insert, a commit,
// overlaps work instead of following it. It returns work's error once
// both are done; the event is recorded even when work fails, since the
// record was read.
func (k *Kit) AuditReadDuring(c *fiber.Ctx, action, objectType, objectID string, work func() error) error {
	ctx, rid := c.UserContext(), RequestIDOf(c)
	done := make(chan error, 1)
	go func() { done <- k.Store.Audit(ctx, action, objectType, objectID) }()
	err := work()
	if aerr := <-done; aerr != nil {
		k.Log.Error("audit failed", slog.String("rid", rid), slog.String("action", action), slog.String("error", aerr.Error()))
	}
	return err
}
