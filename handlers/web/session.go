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
			if p.MustChangePassword && !forcedChangeOpen[c.Path()] {
				return h.toChoosePassword(c)
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

// forcedChangeOpen are the only paths open while an admin-set temporary
// password waits to be replaced.
var forcedChangeOpen = map[string]bool{choosePasswordPath: true, "/logout": true}

// toChoosePassword sends a practitioner with a temporary password to the
// page that replaces it (a form posted elsewhere is refused).
func (h *Handler) toChoosePassword(c *fiber.Ctx) error {
	if c.Method() == fiber.MethodGet || c.Method() == fiber.MethodHead {
		return httpx.Redirect(c, choosePasswordPath)
	}
	return fiber.NewError(fiber.StatusForbidden, "Choose a new password first.")
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
