package handlers

import (
	"context"
	"io/fs"
	"net/http"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// ops serves the health checks.
type ops struct{ *httpx.Kit }

// healthz answers 200 while the process runs.
func (o ops) healthz(c *fiber.Ctx) error {
	return c.JSON(fiber.Map{"status": "ok"})
}

// readyz answers 200 when the database takes a write (a probe rolled back)
// within two seconds; 503 while it cannot (down, hung, locked, disk full)
// and from the moment shutdown begins, so a load balancer stops sending.
func (o ops) readyz(c *fiber.Ctx) error {
	if o.Draining.Load() {
		c.Set(fiber.HeaderRetryAfter, "5")
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "shutting down"})
	}
	ctx, cancel := context.WithTimeout(c.UserContext(), 2*time.Second)
	defer cancel()
	if err := o.Store.CheckWritable(ctx); err != nil {
		c.Set(fiber.HeaderRetryAfter, "5")
		return c.Status(fiber.StatusServiceUnavailable).JSON(fiber.Map{"status": "database unavailable"})
	}
	return c.JSON(fiber.Map{"status": "ready"})
}

func httpFS(f fs.FS) http.FileSystem { return http.FS(f) }
