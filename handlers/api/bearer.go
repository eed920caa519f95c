package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// practitionerAPI requires a bearer API token.
func (h *Handler) practitionerAPI(c *fiber.Ctx) error {
	tok, ok := httpx.Bearer(c)
	if !ok {
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized", "send Authorization: Bearer <api token>", nil)
	}
	p, err := h.Store.APITokenPractitioner(c.UserContext(), tok)
	if errors.Is(err, models.ErrNotFound) {
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized", "the token is unknown, expired or revoked", nil)
	}
	if err != nil {
		return err
	}
	httpx.SetMe(c, p)
	return c.Next()
}
