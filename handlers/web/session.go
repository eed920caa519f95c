package web

import (
	"errors"
	"net/url"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// practitionerPage requires a signed-in practitioner for HTML pages;
// without one the browser goes to the sign-in page.
func (h *Handler) practitionerPage(c *fiber.Ctx) error {
	tok := c.Cookies(h.CookieName(httpx.SessionCookie))
	if tok != "" {
		sess, p, err := h.Store.SessionPractitioner(c.UserContext(), tok, h.Config.SessionIdle, h.Config.SessionMax)
		if err == nil {
			httpx.SetMe(c, p)
			httpx.SetSession(c, sess)
			if p.MustChangePassword && !passwordOpen[c.Path()] {
				return h.onlyOpen(c, choosePasswordPath, "Choose a new password first.")
			}
			if h.mustEnrol(p) && !enrolOpen[c.Path()] {
				return h.onlyOpen(c, twoFactorPath, "Set up two-step sign-in first.")
			}
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

// The only paths open while an admin-set temporary password waits to be
// replaced, or (TEND_REQUIRE_2FA) a second factor to be set up: the page
// that does it, and signing out.
var (
	passwordOpen = map[string]bool{choosePasswordPath: true, "/logout": true}
	enrolOpen    = map[string]bool{twoFactorPath: true, "/logout": true}
)

// mustEnrol: the server requires a second factor and p has none yet.
func (h *Handler) mustEnrol(p *models.Practitioner) bool {
	return h.Config.Require2FA && p.TOTPEnabledAt == nil
}

// onlyOpen sends a practitioner who must do something first to the page
// at path (a form posted elsewhere is refused with msg).
func (h *Handler) onlyOpen(c *fiber.Ctx, path, msg string) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return httpx.Redirect(c, path)
	}
	return fiber.NewError(fiber.StatusForbidden, msg)
}

// requireAdmin lets only admins through (after practitionerPage).
func (h *Handler) requireAdmin(c *fiber.Ctx) error {
	if httpx.Me(c).Role != models.RoleAdmin {
		return fiber.ErrNotFound
	}
	return c.Next()
}

// csrfPractitioner checks CSRF for a practitioner session.
func (h *Handler) csrfPractitioner(c *fiber.Ctx) error {
	s := httpx.Session(c)
	if s == nil {
		return fiber.ErrForbidden
	}
	if err := httpx.CheckCSRF(c, s.CSRFToken); err != nil {
		return err
	}
	return c.Next()
}
