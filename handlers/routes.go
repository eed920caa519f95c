package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
	"github.com/tend-health/tend/templates"
)

// routes is the route table. Access is visible here: each group says who
// may call it. Page and client routes live in routes_pages.go and
// routes_client.go, in the same style.
func (h *Handler) routes(app *fiber.App) {
	// Ops: anyone.
	app.Get("/healthz", h.healthz)
	app.Get("/readyz", h.readyz)
	app.Use("/static", filesystem.New(filesystem.Config{Root: httpFS(templates.Static())}))

	// Client pages and the client JSON API: a link token or the cookie it
	// was exchanged for. Registered before the practitioner API group so
	// /api/v1/fill is not caught by its bearer check.
	h.clientRoutes(app)

	// JSON API for practitioners: bearer API token.
	app.Post("/api/v1/auth/token", h.createAPIToken) // email + password → token
	api := app.Group("/api/v1", h.practitionerAPI)
	api.Get("/worksheets", h.apiListWorksheets)
	api.Get("/worksheets/:key", h.apiGetWorksheet)
	api.Post("/worksheets", h.apiCreateWorksheet)
	api.Post("/clients", h.apiCreateClient)
	api.Get("/clients", h.apiListClients)
	api.Get("/clients/:id", h.apiGetClient)
	api.Patch("/clients/:id", h.apiUpdateClient)
	api.Delete("/clients/:id", h.apiArchiveClient)
	api.Post("/clients/:id/assignments", h.apiCreateAssignment)
	api.Get("/clients/:id/summary.pdf", h.apiSummaryPDF)
	api.Get("/assignments", h.apiListAssignments)
	api.Get("/assignments/:id", h.apiGetAssignment)
	api.Post("/assignments/:id/link", h.apiReissueLink)
	api.Delete("/assignments/:id", h.apiCancelAssignment)
	api.Post("/assignments/:id/review", h.apiMarkReviewed)
	api.Get("/assignments/:id/pdf", h.apiAssignmentPDF)
	api.Post("/flags/:id/acknowledge", h.apiAcknowledgeFlag)

	// PDFs for the signed-in web pages (session cookie; GET only).
	app.Get("/assignments/:id/pdf", h.practitionerPage, h.pageAssignmentPDF)
	app.Get("/clients/:id/summary.pdf", h.practitionerPage, h.pageSummaryPDF)

	// Practitioner pages: signed-in session cookie, CSRF on every POST.
	h.pageRoutes(app)
}
