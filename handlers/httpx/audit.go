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
