package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// reissueLink gives the assignment a new link, shown once on the link
// page; the old link stops working at once.
func (h *Handler) reissueLink(c *fiber.Ctx) error {
	v, tok, err := h.Store.ReissueLink(c.UserContext(), httpx.Me(c).ID, c.Params("id"), h.Links)
	if err != nil {
		return err
	}
	return h.toLinkPage(c, v.ID, tok, true)
}
