// Package metrics is Tend's Prometheus instrumentation: one private
// registry (never the global default) with request counts and latency by
// route pattern and status, the database pool, autosave and submit counts
// by outcome and the PDF render queue, served on its own listener
// (TEND_METRICS_ADDR). Labels carry route patterns, methods, statuses and
// outcomes only: never a concrete path, id, name or token. It imports
// neither Fiber nor GORM.
package metrics

import (
	"context"
	"database/sql"
	"errors"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// PDFQueue is what the PDF renderer tells about its slots.
type PDFQueue interface {
	Slots() int      // how many renders may run at once
	InUse() int      // renders running now
	Waiting() int    // requests waiting for a slot
	Refused() uint64 // requests given up on (503) since start
}

// Metrics holds the registry and the collectors the HTTP layer feeds.
type Metrics struct {
	reg       *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	autosaves *prometheus.CounterVec
	submits   *prometheus.CounterVec
}

// New registers Tend's collectors on a new private registry: Go runtime and
// process, the pool of db, the PDF queue of pdf, and the request counters.
func New(db *sql.DB, pdf PDFQueue) *Metrics {
	m := &Metrics{
		reg: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tend_http_requests_total", Help: "HTTP requests by method, route pattern and final status.",
		}, []string{"method", "route", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "tend_http_request_duration_seconds", Help: "HTTP request latency by method, route pattern and final status.",
			Buckets: []float64{.005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30},
		}, []string{"method", "route", "status"}),
		autosaves: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tend_draft_saves_total", Help: "Client draft saves (autosave and the no-JavaScript save) by outcome.",
		}, []string{"outcome"}),
		submits: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "tend_submits_total", Help: "Client submissions by outcome.",
		}, []string{"outcome"}),
	}
	m.reg.MustRegister(m.requests, m.latency, m.autosaves, m.submits,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		m.reg.MustRegister(collectors.NewDBStatsCollector(db, "tend"))
	}
	if pdf != nil {
		gauge := func(name, help string, f func() float64) prometheus.Collector {
			return prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, f)
		}
		m.reg.MustRegister(
			gauge("tend_pdf_slots", "PDF renders that may run at once.", func() float64 { return float64(pdf.Slots()) }),
			gauge("tend_pdf_slots_in_use", "PDF renders running now.", func() float64 { return float64(pdf.InUse()) }),
			gauge("tend_pdf_waiting", "PDF requests waiting for a render slot.", func() float64 { return float64(pdf.Waiting()) }),
			prometheus.NewCounterFunc(prometheus.CounterOpts{Name: "tend_pdf_refused_total",
				Help: "PDF requests refused with 503 because every slot stayed busy."}, func() float64 { return float64(pdf.Refused()) }),
		)
	}
	return m
}

// Registry is the private registry, for tests and extra collectors.
func (m *Metrics) Registry() *prometheus.Registry { return m.reg }

// draftSaves and submits are the client routes counted by outcome, keyed
// by method and route pattern (handlers/fill/routes.go).
var (
	draftSaves = map[string]bool{"PUT /f/draft": true, "PUT /api/v1/fill/draft": true, "POST /f/save": true}
	submits    = map[string]bool{"POST /f/submit": true, "POST /api/v1/fill/submit": true}
	methods    = map[string]bool{"GET": true, "HEAD": true, "POST": true, "PUT": true, "PATCH": true, "DELETE": true, "OPTIONS": true}
)

// ObserveRequest counts one finished request. route must be a route
// pattern (or a fixed word like "unmatched"), never the concrete path.
func (m *Metrics) ObserveRequest(method, route string, status int, took time.Duration) {
	if !methods[method] {
		method = "other"
	}
	code := strconv.Itoa(status)
	m.requests.WithLabelValues(method, route, code).Inc()
	m.latency.WithLabelValues(method, route, code).Observe(took.Seconds())
	switch key := method + " " + route; {
	case draftSaves[key]:
		m.autosaves.WithLabelValues(Outcome(status)).Inc()
	case submits[key]:
		m.submits.WithLabelValues(Outcome(status)).Inc()
	}
}

// Outcome names what a client's save or submit came to, from its status.
func Outcome(status int) string {
	switch {
	case status < 400:
		return "ok"
	case status == http.StatusConflict:
		return "conflict"
	case status == http.StatusBadRequest || status == http.StatusUnprocessableEntity || status == http.StatusRequestEntityTooLarge:
		return "invalid"
	case status == http.StatusTooManyRequests:
		return "rate_limited"
	case status < 500:
		return "refused"
	case status == http.StatusServiceUnavailable:
		return "unavailable"
	}
	return "error"
}

// Serve answers GET /metrics on ln (and nothing else) until the returned
// stop is called; stop waits for scrapes in flight, up to ctx.
func (m *Metrics) Serve(ln net.Listener) (stop func(context.Context) error) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{}))
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 30 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	return func(ctx context.Context) error {
		err := srv.Shutdown(ctx)
		if serr := <-done; !errors.Is(serr, http.ErrServerClosed) {
			err = errors.Join(err, serr)
		}
		return err
	}
}
