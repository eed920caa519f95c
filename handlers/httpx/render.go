package handlers

import (
	"bytes"
	"net/url"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// Base is what every page's data carries (embedded in each page struct).
type Base struct {
	Title   string
	Nav     string
	Me      *models.Practitioner
	IsAdmin bool
	CSRF    string
	Flash   string
	Loc     *time.Location
}

const flashCookie = "tend_flash"

// base fills the shared page fields and consumes the flash message.
func (h *Handler) base(c *fiber.Ctx, nav, title string) Base {
	b := Base{Title: title, Nav: nav, Loc: location(c)}
	if p := me(c); p != nil {
		b.Me, b.IsAdmin = p, p.Role == models.RoleAdmin
	}
	if s := session(c); s != nil {
		b.CSRF = s.CSRFToken
	}
	if f := c.Cookies(h.cookieName(flashCookie)); f != "" {
		if msg, err := url.QueryUnescape(f); err == nil {
			b.Flash = msg
		}
		h.setCookie(c, flashCookie, "", -1)
	}
	return b
}

// flash sets a one-time message shown on the next page. Never put client
// data in it: it travels in a cookie.
func (h *Handler) flash(c *fiber.Ctx, msg string) {
	h.setCookie(c, flashCookie, url.QueryEscape(msg), time.Minute)
}

// renderPage renders a page into a buffer first, so a template error never
// leaves half a page on the wire.
func (h *Handler) renderPage(c *fiber.Ctx, page string, data any) error {
	var buf bytes.Buffer
	if err := h.pages.Render(&buf, page, data); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Send(buf.Bytes())
}

// redirect answers 303 See Other (after a POST).
func redirect(c *fiber.Ctx, to string) error { return c.Redirect(to, fiber.StatusSeeOther) }

// location is the signed-in practitioner's time zone (UTC by default).
func location(c *fiber.Ctx) *time.Location {
	if p := me(c); p != nil && p.TimeZone != "" {
		if loc, err := time.LoadLocation(p.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}
