package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// revokePageAPIToken revokes one of the practitioner's own API tokens.
func (h *Handler) revokePageAPIToken(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.RevokeAPIToken(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Token revoked.")
	return httpx.Redirect(c, "/account")
}
