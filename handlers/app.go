package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/tend-health/tend/handlers/httpx"
)

// NewApp builds the Fiber app with its middleware and every route.
func NewApp(d Deps) *fiber.App {
	k := NewKit(d)
	return NewAppWith(k, Rooms(k))
}

// NewKit is the shared kit every room of the app is built over.
func NewKit(d Deps) *httpx.Kit {
	return httpx.NewKit(d)
}

// NewAppWith builds the app from rooms registered in the given order (tests
// use it to show that the order does not matter).
func NewAppWith(k *httpx.Kit, rooms []Room) *fiber.App {
	cfg := fiber.Config{
		AppName:               "Tend",
		ErrorHandler:          k.ErrorHandler,
		ReadTimeout:           15 * time.Second,
		WriteTimeout:          60 * time.Second,
		IdleTimeout:           60 * time.Second,
		BodyLimit:             k.Config.BodyLimit,
		DisableStartupMessage: true,
		// Params and bodies are copied, so nothing handed to the store is
		// overwritten when fasthttp reuses its buffers.
		Immutable: true,
	}
	if len(k.Config.TrustedProxies) > 0 {
		// Only for the scheme and host a trusted proxy forwards; the client
		// address is httpx.ClientIP's (no ProxyHeader: c.IP() stays the
		// connection's address, never a raw header).
		cfg.EnableTrustedProxyCheck = true
		cfg.TrustedProxies = k.Config.TrustedProxies
	}
	app := fiber.New(cfg)
	app.Use(recover.New(recover.Config{EnableStackTrace: false}))
	app.Use(k.RequestID, k.Measure, k.AccessLog, k.SecurityHeaders, k.DBDeadline, k.CleanText)
	routes(app, k, rooms)
	app.Use(func(c *fiber.Ctx) error { return fiber.ErrNotFound })
	return app
}
