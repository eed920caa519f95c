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
	// Code is the authenticator app's current code (or a recovery code),
	// needed when the account has two-step sign-in on.
	Code string `json:"code"`
}

// createAPIToken exchanges email and password (and, with two-step sign-in
// on, a current code) for an API token. Tokens themselves need no code.
func (h *Handler) createAPIToken(c *fiber.Ctx) error {
	var req tokenRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	p, err := h.CheckLogin(c, req.Email, func() (*models.Practitioner, error) {
		p, err := h.Store.Authenticate(c.UserContext(), req.Email, req.Password)
		if err != nil || p.TOTPEnabledAt == nil || req.Code == "" {
			return p, err
		}
		// A wrong code counts against the sign-in limits like a wrong password.
		_, err = h.Store.UseSecondFactor(c.UserContext(), p.ID, req.Code)
		return p, err
	})
	if errors.Is(err, models.ErrNotFound) {
		msg := "email or password is not right"
		if req.Code != "" {
			msg = "email, password or code is not right"
		}
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized", msg, nil)
	}
	if err != nil {
		return err
	}
	switch {
	case p.MustChangePassword:
		return httpx.APIError(c, fiber.StatusForbidden, "password_change_required", "sign in on the web and choose a new password first", nil)
	case p.TOTPEnabledAt != nil && req.Code == "":
		return httpx.APIError(c, fiber.StatusUnauthorized, "second_factor_required", "this account uses two-step sign-in: send the code the authenticator app shows now as code", nil)
	case p.TOTPEnabledAt == nil && h.Config.Require2FA:
		return httpx.APIError(c, fiber.StatusForbidden, "second_factor_setup_required", "this server requires two-step sign-in: sign in on the web and set it up first", nil)
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
