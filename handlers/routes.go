package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/tend-health/tend/handlers/api"
	"github.com/tend-health/tend/handlers/fill"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/handlers/web"
	"github.com/tend-health/tend/templates"
)

// Room is one audience's part of the app; it registers its own routes,
// each with its access middleware attached, so rooms can be registered in
// any order.
type Room interface{ Routes(fiber.Router) }

// Rooms are the app's rooms over one shared kit.
func Rooms(k *httpx.Kit) []Room { return []Room{web.New(k), fill.New(k), api.New(k)} }

// routes registers the ops routes (anyone) and then every room's table:
// handlers/web/routes.go (practitioner pages), handlers/fill/routes.go
// (client pages and client API), handlers/api/routes.go (practitioner API).
func routes(app *fiber.App, k *httpx.Kit, rooms []Room) {
	o := ops{k}
	app.Get("/healthz", o.healthz)
	app.Get("/readyz", o.readyz)
	app.Use("/static", filesystem.New(filesystem.Config{Root: httpFS(templates.Static())}))
	for _, r := range rooms {
		r.Routes(app)
	}
}
