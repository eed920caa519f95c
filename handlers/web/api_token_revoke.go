package handlers

import "github.com/gofiber/fiber/v2"

// revokePageAPIToken revokes one of the practitioner's own API tokens.
func (h *Handler) revokePageAPIToken(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.store.RevokeAPIToken(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	h.store.Audit(c.UserContext(), pageActor(c), "api_token.revoke", "api_token", id)
	h.flash(c, "Token revoked.")
	return redirect(c, "/account")
}
