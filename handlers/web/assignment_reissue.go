package handlers

import "github.com/gofiber/fiber/v2"

// reissueLink gives the assignment a new link, shown once; the old link
// stops working at once.
func (h *Handler) reissueLink(c *fiber.Ctx) error {
	v, tok, err := h.store.ReissueLink(c.UserContext(), me(c).ID, c.Params("id"), h.links)
	if err != nil {
		return err
	}
	return h.showLinkOnce(c, v, tok, true)
}
