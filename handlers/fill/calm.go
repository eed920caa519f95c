package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// showCalmPage is the one-screen grounding exercise behind "Feeling
// overwhelmed?" on every client page. Like /leave it is open to anyone
// and reads and sets nothing: no cookie, no session, no audit, no
// database, so opening it is never recorded and works with any link
// state. The link opens it in a new tab, so a form being filled in
// without JavaScript keeps what was typed.
func (h *Handler) showCalmPage(c *fiber.Ctx) error {
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	return h.Render(c, "client/calm", httpx.Base{Title: "Take a moment"})
}
