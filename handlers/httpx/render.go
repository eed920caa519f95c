package httpx

import (
	"bytes"
	"net/url"
	"sync"
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

// Base fills the shared page fields and consumes the flash message.
func (k *Kit) Base(c *fiber.Ctx, nav, title string) Base {
	b := Base{Title: title, Nav: nav, Loc: Location(c)}
	if p := Me(c); p != nil {
		b.Me, b.IsAdmin = p, p.Role == models.RoleAdmin
	}
	if s := Session(c); s != nil {
		b.CSRF = s.CSRFToken
	}
	if f := c.Cookies(k.CookieName(flashCookie)); f != "" {
		if msg, err := url.QueryUnescape(f); err == nil {
			b.Flash = msg
		}
		k.SetCookie(c, flashCookie, "", -1)
	}
	return b
}

// Flash sets a one-time message shown on the next page. Never put client
// data in it: it travels in a cookie.
func (k *Kit) Flash(c *fiber.Ctx, msg string) {
	k.SetCookie(c, flashCookie, url.QueryEscape(msg), time.Minute)
}

// renderBufs are Render's buffers, reused: a page is copied out of its
// buffer into the response, so no page grows a new buffer from nothing.
var renderBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// renderBufKeep bounds the buffers kept for reuse (an unusually long page
// is not held on to).
const renderBufKeep = 1 << 20

// Render renders a page into a buffer first, so a template error never
// leaves half a page on the wire.
func (k *Kit) Render(c *fiber.Ctx, page string, data any) error {
	buf := renderBufs.Get().(*bytes.Buffer)
	defer func() {
		if buf.Cap() <= renderBufKeep {
			buf.Reset()
			renderBufs.Put(buf)
		}
	}()
	if err := k.Pages.Render(buf, page, data); err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	c.Response().SetBody(buf.Bytes()) // a copy: buf goes back to the pool
	return nil
}

// Redirect answers 303 See Other (after a POST).
func Redirect(c *fiber.Ctx, to string) error { return c.Redirect(to, fiber.StatusSeeOther) }

// Location is the signed-in practitioner's time zone (UTC by default).
func Location(c *fiber.Ctx) *time.Location {
	if p := Me(c); p != nil && p.TimeZone != "" {
		if loc, err := time.LoadLocation(p.TimeZone); err == nil {
			return loc
		}
	}
	return time.UTC
}
