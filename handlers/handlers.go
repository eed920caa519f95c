// Package handlers is Tend's HTTP layer: the Fiber app, its route table,
// middleware, HTML pages, the JSON API and the client pages. It parses,
// validates, calls the store and renders; it never touches the database.
package handlers

import (
	"log/slog"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/templates"
)

// Handler holds what every handler needs.
type Handler struct {
	store *models.Store
	cfg   config.Config
	pages *templates.Set
	pdf   *reports.Renderer
	log   *slog.Logger
	links models.LinkPolicy
	// secure: cookies get Secure and the __Host- prefix (served over TLS).
	secure bool
}

// Deps are the parts NewApp wires together.
type Deps struct {
	Store  *models.Store
	Config config.Config
	Pages  *templates.Set
	PDF    *reports.Renderer
	Log    *slog.Logger
}

func newHandler(d Deps) *Handler {
	lg := d.Log
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	pdf := d.PDF
	if pdf == nil {
		pdf = reports.NewRenderer(d.Config.PDFConcurrency, d.Config.PDFWait)
	}
	return &Handler{store: d.Store, cfg: d.Config, pages: d.Pages, pdf: pdf, log: lg,
		links:  models.LinkPolicy{TTL: d.Config.LinkTTL, AfterDue: d.Config.LinkAfterDue},
		secure: d.Config.SecureCookies}
}
