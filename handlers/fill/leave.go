package fill

import "github.com/gofiber/fiber/v2"

// leave sends the "Leave this page" button on to the neutral site
// (TEND_LEAVE_URL). The button points here, not at the site itself, so the
// one configured address lives in config; it takes no cookie or session,
// and the neutral site gets no referrer.
func (h *Handler) leave(c *fiber.Ctx) error {
	c.Set(fiber.HeaderReferrerPolicy, "no-referrer")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Redirect(h.Config.LeaveURL, fiber.StatusSeeOther)
}
