package httpx

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

const (
	localRequestID = "rid"
	localMe        = "me"
	localSession   = "session"
	localIP        = "client_ip"
)

// RequestID gives every request a random id (X-Request-ID, and in logs) and
// resolves its client address once (ClientIP).
func (k *Kit) RequestID(c *fiber.Ctx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Locals(localRequestID, id)
	c.Locals(localIP, k.resolveIP(c))
	c.Set("X-Request-ID", id)
	return c.Next()
}

// DBDeadline puts the request's database work under TEND_DB_TIMEOUT: every
// store call takes c.UserContext(), so a hung database costs a request this
// long at most, and then a 503.
func (k *Kit) DBDeadline(c *fiber.Ctx) error {
	ctx, cancel := context.WithTimeout(c.UserContext(), k.Config.DBTimeout)
	defer cancel()
	c.SetUserContext(ctx)
	return c.Next()
}

// RequestIDOf is the request's id set by RequestID.
func RequestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// AccessLog logs one line per request with the route pattern, never the
// concrete path: link tokens and ids stay out of the logs, and so do bodies
// and query strings.
func (k *Kit) AccessLog(c *fiber.Ctx) error {
	start := time.Now()
	route, status := finished(c, c.Next())
	k.Log.LogAttrs(c.UserContext(), slog.LevelInfo, "request", slog.String("rid", RequestIDOf(c)), slog.String("method", c.Method()),
		slog.String("route", route), slog.Int("status", status), slog.Int64("ms", time.Since(start).Milliseconds()))
	return nil
}

// Measure counts every request by method, route pattern and final status
// (and client saves and submits by outcome) when metrics are on.
func (k *Kit) Measure(c *fiber.Ctx) error {
	if k.Metrics == nil {
		return c.Next()
	}
	start := time.Now()
	route, status := finished(c, c.Next())
	k.Metrics.ObserveRequest(c.Method(), route, status, time.Since(start))
	return nil
}

// finished hands err to the app's error handler, so the response is final,
// and returns the request's route pattern (never the concrete path: link
// tokens and ids stay out) and its final status.
func finished(c *fiber.Ctx, err error) (route string, status int) {
	if err != nil {
		if herr := c.App().ErrorHandler(c, err); herr != nil {
			_ = c.SendStatus(fiber.StatusInternalServerError)
		}
	}
	route = c.Route().Path
	switch {
	case strings.HasPrefix(c.Path(), "/static/"):
		route = "/static/*"
	case route == "/" && c.Path() != "/":
		route = "unmatched"
	}
	return route, c.Response().StatusCode()
}

// csp forbids inline script and style and any other origin.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

// securityHeaders are set on every response: names in canonical form
// (SetCanonical skips normalising them on each request).
var securityHeaders = [][2][]byte{
	{[]byte("Content-Security-Policy"), []byte(csp)},
	{[]byte("X-Content-Type-Options"), []byte("nosniff")},
	{[]byte("X-Frame-Options"), []byte("DENY")},
	{[]byte("Referrer-Policy"), []byte("no-referrer")},
	{[]byte("Cross-Origin-Opener-Policy"), []byte("same-origin")},
	{[]byte("Permissions-Policy"), []byte("camera=(), microphone=(), geolocation=(), interest-cohort=()")},
	{[]byte("X-Robots-Tag"), []byte("noindex, nofollow")},
}

// SecurityHeaders sets the CSP and the other headers on every response.
func (k *Kit) SecurityHeaders(c *fiber.Ctx) error {
	h := &c.Response().Header
	for _, kv := range securityHeaders {
		h.SetCanonical(kv[0], kv[1])
	}
	if k.Secure {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	if strings.HasPrefix(c.Path(), "/static/") {
		c.Set("Cache-Control", "public, max-age=3600")
	} else {
		c.Set("Cache-Control", "no-store")
	}
	return c.Next()
}

// CookieName gives the __Host- prefix when served over TLS.
func (k *Kit) CookieName(base string) string {
	if k.Secure {
		return "__Host-" + base
	}
	return base
}

// SetCookie sets an HttpOnly, SameSite=Lax cookie on "/" (maxAge < 0 deletes it).
func (k *Kit) SetCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{Name: k.CookieName(name), Value: value, Path: "/", HTTPOnly: true, Secure: k.Secure, SameSite: fiber.CookieSameSiteLaxMode}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge.Seconds())
	} else if maxAge < 0 {
		ck.MaxAge = -1
		ck.Expires = time.Unix(0, 0)
	}
	c.Cookie(ck)
}

// SessionCookie holds a practitioner's session token.
const SessionCookie = "tend_session"

// Bearer is the token of an Authorization: Bearer header.
func Bearer(c *fiber.Ctx) (string, bool) {
	a := c.Get(fiber.HeaderAuthorization)
	tok, ok := strings.CutPrefix(a, "Bearer ")
	tok = strings.TrimSpace(tok)
	return tok, ok && tok != ""
}

// Me is the signed-in practitioner (nil when there is none).
func Me(c *fiber.Ctx) *models.Practitioner {
	p, _ := c.Locals(localMe).(*models.Practitioner)
	return p
}

// Session is the practitioner's web session (nil on the API and client pages).
func Session(c *fiber.Ctx) *models.Session {
	s, _ := c.Locals(localSession).(*models.Session)
	return s
}

// SetMe records the practitioner a request acts for (after authentication)
// and makes them, at the request's IP, the actor of its audit events.
func SetMe(c *fiber.Ctx, p *models.Practitioner) {
	c.Locals(localMe, p)
	SetActor(c, models.Actor{Type: "practitioner", ID: p.ID, IP: ClientIP(c)})
}

// SetSession records the practitioner's web session of a request.
func SetSession(c *fiber.Ctx, s *models.Session) { c.Locals(localSession, s) }

// CheckCSRF verifies the per-session token on state-changing requests from
// the form field _csrf or the X-CSRF-Token header, and refuses requests that
// say they come from another site.
func CheckCSRF(c *fiber.Ctx, want string) error {
	switch c.Method() {
	case fiber.MethodGet, fiber.MethodHead, fiber.MethodOptions:
		return nil
	}
	if site := c.Get("Sec-Fetch-Site"); site == "cross-site" {
		return fiber.NewError(fiber.StatusForbidden, "This request came from another site and was refused.")
	}
	if origin := c.Get(fiber.HeaderOrigin); origin != "" && origin != "null" {
		u, err := url.Parse(origin)
		if err != nil || u.Host != c.Hostname() {
			return fiber.NewError(fiber.StatusForbidden, "This request came from another site and was refused.")
		}
	}
	got := c.Get("X-CSRF-Token")
	if got == "" {
		got = c.FormValue("_csrf")
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(got), []byte(want)) != 1 {
		return fiber.NewError(fiber.StatusForbidden, "This form has expired. Please go back, reload the page and try again.")
	}
	return nil
}
