package fill

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type unsubscribePage struct {
	httpx.Base
	Token string
	Done  bool
}

// showUnsubscribePage asks "stop emails?" with one button: opening a link
// (a mail scanner does) never unsubscribes by itself.
func (h *Handler) showUnsubscribePage(c *fiber.Ctx) error {
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return h.Render(c, "client/unsubscribe", unsubscribePage{Base: httpx.Base{Title: "Stop emails from Tend"}, Token: c.Params("token")})
}

// unsubscribe records "no more email" from the token alone: the button on
// the page above, or a mail program's one-click POST (RFC 8058), which
// has no session and no CSRF token to send.
func (h *Handler) unsubscribe(c *fiber.Ctx) error {
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-store")
	err := h.Store.Unsubscribe(c.UserContext(), c.Params("token"))
	if errors.Is(err, models.ErrNotFound) {
		return h.renderFillInactive(c, fiber.StatusNotFound, fillInactiveLink)
	}
	if err != nil {
		return err
	}
	return h.Render(c, "client/unsubscribe", unsubscribePage{Base: httpx.Base{Title: "You will not get more emails"}, Done: true})
}
