// Package httpx is the small HTTP toolkit every room of Tend's web app
// shares: the error type and the one Fiber ErrorHandler (a page or JSON by
// Accept), request ids, the access log, security headers, cookies, the
// practitioner session and CSRF pieces, page rendering, redirects, parse
// helpers and the actor helpers.
//
// httpx never imports a room (handlers/web, handlers/fill, handlers/api) or
// handlers/pdfdoc: rooms build on it, not the other way round.
package httpx

import (
	"log/slog"
	"net/netip"
	"sync/atomic"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/metrics"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
	"github.com/tend-health/tend/templates"
)

// Kit holds what every room needs; rooms embed it in their Handler.
type Kit struct {
	Store  *models.Store
	Config config.Config
	Pages  *templates.Set
	PDF    *reports.Renderer
	Log    *slog.Logger
	// Metrics counts requests (nil: not counted).
	Metrics *metrics.Metrics
	Links   models.LinkPolicy
	// Secure: cookies get Secure and the __Host- prefix (served over TLS).
	Secure bool
	// Draining is set when shutdown began: /readyz answers 503.
	Draining *atomic.Bool
	// proxies is TEND_TRUSTED_PROXIES parsed (see ClientIP).
	proxies []netip.Prefix
}

// Deps are the parts NewKit wires together.
type Deps struct {
	Metrics *metrics.Metrics // nil: requests are not counted
	Store   *models.Store
	Config  config.Config
	Pages   *templates.Set
	PDF     *reports.Renderer
	Log     *slog.Logger
	// Draining, when given, is set by the server on SIGTERM.
	Draining *atomic.Bool
}

// NewKit fills in defaults (a silent logger, a PDF renderer from the config).
func NewKit(d Deps) *Kit {
	lg := d.Log
	if lg == nil {
		lg = slog.New(slog.DiscardHandler)
	}
	pdf := d.PDF
	if pdf == nil {
		pdf = reports.NewRenderer(d.Config.PDFConcurrency, d.Config.PDFWait)
	}
	k := &Kit{Store: d.Store, Config: d.Config, Pages: d.Pages, PDF: pdf, Log: lg, Metrics: d.Metrics,
		Links:  models.LinkPolicy{TTL: d.Config.LinkTTL, AfterDue: d.Config.LinkAfterDue},
		Secure: d.Config.SecureCookies, Draining: d.Draining, proxies: parseProxies(d.Config.TrustedProxies)}
	if k.Draining == nil {
		k.Draining = new(atomic.Bool)
	}
	return k
}
