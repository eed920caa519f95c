package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type tokenRequest struct {
	Email    string `json:"email"`
	Password string `json:"password"`
	Name     string `json:"name"`
}

// createAPIToken exchanges email and password for an API token.
func (h *Handler) createAPIToken(c *fiber.Ctx) error {
	var req tokenRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	p, err := h.CheckLogin(c, req.Email, func() (*models.Practitioner, error) {
		return h.Store.Authenticate(c.UserContext(), req.Email, req.Password)
	})
	if errors.Is(err, models.ErrNotFound) {
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized", "email or password is not right", nil)
	}
	if err != nil {
		return err
	}
	if p.MustChangePassword {
		return httpx.APIError(c, fiber.StatusForbidden, "password_change_required", "sign in on the web and choose a new password first", nil)
	}
	httpx.SetMe(c, p)
	name := req.Name
	if name == "" {
		name = httpx.Cut("API ("+c.Get(fiber.HeaderUserAgent, "unknown client")+")", 100)
	}
	tok, t, err := h.Store.CreateAPIToken(c.UserContext(), p.ID, name)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": tok, "expires_at": t.ExpiresAt})
}
