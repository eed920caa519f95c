package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
)

// NewApp builds the Fiber app with its middleware and every route.
func NewApp(d Deps) *fiber.App {
	h := newHandler(d)
	cfg := fiber.Config{
		AppName:               "Tend",
		ErrorHandler:          h.errorHandler,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           60 * time.Second,
		BodyLimit:             d.Config.BodyLimit,
		DisableStartupMessage: true,
		// Params and bodies are copied, so nothing handed to the store is
		// overwritten when fasthttp reuses its buffers.
		Immutable: true,
	}
	if len(d.Config.TrustedProxies) > 0 {
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = d.Config.TrustedProxies
		cfg.ProxyHeader = fiber.HeaderXForwardedFor
	}
	app := fiber.New(cfg)
	app.Use(recover.New(recover.Config{EnableStackTrace: false}))
	app.Use(h.requestID, h.accessLog, h.securityHeaders)
	h.routes(app)
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app
}
