package handlers

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
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
)

func (h *Handler) requestID(c *fiber.Ctx) error {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	id := hex.EncodeToString(b)
	c.Locals(localRequestID, id)
	c.Set("X-Request-ID", id)
	return c.Next()
}

func requestIDOf(c *fiber.Ctx) string {
	id, _ := c.Locals(localRequestID).(string)
	return id
}

// accessLog logs one line per request with the route pattern, never the
// concrete path: link tokens and ids stay out of the logs, and so do bodies
// and query strings.
func (h *Handler) accessLog(c *fiber.Ctx) error {
	start := time.Now()
	err := c.Next()
	status := c.Response().StatusCode()
	if err != nil {
		var fe *fiber.Error
		if errors.As(err, &fe) {
			status = fe.Code
		}
	}
	route := c.Route().Path
	switch {
	case strings.HasPrefix(c.Path(), "/static/"):
		route = "/static/*"
	case route == "/" && c.Path() != "/":
		route = "unmatched"
	}
	h.log.Info("request", slog.String("rid", requestIDOf(c)), slog.String("method", c.Method()),
		slog.String("route", route), slog.Int("status", status), slog.Int64("ms", time.Since(start).Milliseconds()))
	return err
}

// csp forbids inline script and style and any other origin.
const csp = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
	"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"

func (h *Handler) securityHeaders(c *fiber.Ctx) error {
	c.Set("Content-Security-Policy", csp)
	c.Set("X-Content-Type-Options", "nosniff")
	c.Set("X-Frame-Options", "DENY")
	c.Set("Referrer-Policy", "no-referrer")
	c.Set("Cross-Origin-Opener-Policy", "same-origin")
	c.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
	c.Set("X-Robots-Tag", "noindex, nofollow")
	if h.secure {
		c.Set("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
	}
	if strings.HasPrefix(c.Path(), "/static/") {
		c.Set("Cache-Control", "public, max-age=3600")
	} else {
		c.Set("Cache-Control", "no-store")
	}
	return c.Next()
}

// cookieName gives the __Host- prefix when served over TLS.
func (h *Handler) cookieName(base string) string {
	if h.secure {
		return "__Host-" + base
	}
	return base
}

func (h *Handler) setCookie(c *fiber.Ctx, name, value string, maxAge time.Duration) {
	ck := &fiber.Cookie{Name: h.cookieName(name), Value: value, Path: "/", HTTPOnly: true, Secure: h.secure, SameSite: fiber.CookieSameSiteLaxMode}
	if maxAge > 0 {
		ck.MaxAge = int(maxAge.Seconds())
	} else if maxAge < 0 {
		ck.MaxAge = -1
		ck.Expires = time.Unix(0, 0)
	}
	c.Cookie(ck)
}

const sessionCookie = "tend_session"

// practitionerPage requires a signed-in practitioner for HTML pages;
// without one the browser goes to the sign-in page.
func (h *Handler) practitionerPage(c *fiber.Ctx) error {
	tok := c.Cookies(h.cookieName(sessionCookie))
	if tok != "" {
		sess, p, err := h.store.SessionPractitioner(c.UserContext(), tok, h.cfg.SessionIdle, h.cfg.SessionMax)
		if err == nil {
			c.Locals(localMe, p)
			c.Locals(localSession, sess)
			return c.Next()
		}
		if !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if c.Method() == fiber.MethodGet {
		return c.Redirect("/login?next="+url.QueryEscape(c.OriginalURL()), fiber.StatusSeeOther)
	}
	return fiber.NewError(fiber.StatusUnauthorized, "Please sign in again.")
}

// practitionerAPI requires a bearer API token.
func (h *Handler) practitionerAPI(c *fiber.Ctx) error {
	tok, ok := bearer(c)
	if !ok {
		return apiError(c, fiber.StatusUnauthorized, "unauthorized", "send Authorization: Bearer <api token>", nil)
	}
	p, err := h.store.APITokenPractitioner(c.UserContext(), tok)
	if errors.Is(err, models.ErrNotFound) {
		return apiError(c, fiber.StatusUnauthorized, "unauthorized", "the token is unknown, expired or revoked", nil)
	}
	if err != nil {
		return err
	}
	c.Locals(localMe, p)
	return c.Next()
}

func bearer(c *fiber.Ctx) (string, bool) {
	a := c.Get(fiber.HeaderAuthorization)
	tok, ok := strings.CutPrefix(a, "Bearer ")
	tok = strings.TrimSpace(tok)
	return tok, ok && tok != ""
}

// requireAdmin lets only admins through (after practitionerPage).
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if me(c).Role != models.RoleAdmin {
		return fiber.ErrNotFound
	}
	return c.Next()
}

func me(c *fiber.Ctx) *models.Practitioner {
	p, _ := c.Locals(localMe).(*models.Practitioner)
	return p
}

func session(c *fiber.Ctx) *models.Session {
	s, _ := c.Locals(localSession).(*models.Session)
	return s
}

// checkCSRF verifies the per-session token on state-changing requests from
// the form field _csrf or the X-CSRF-Token header, and refuses requests that
// say they come from another site.
func checkCSRF(c *fiber.Ctx, want string) error {
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

// csrfPractitioner checks CSRF for a practitioner session.
func (h *Handler) csrfPractitioner(c *fiber.Ctx) error {
	s := session(c)
	if s == nil {
		return fiber.ErrForbidden
	}
	if err := checkCSRF(c, s.CSRFToken); err != nil {
		return err
	}
	return c.Next()
}
