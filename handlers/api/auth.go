package api

import (
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// Login throttling: failures per account and per address in a window.
const (
	loginWindow        = 15 * time.Minute
	loginFailsPerEmail = 10
	loginFailsPerIP    = 50
)

// loginAllowed reports whether another sign-in attempt may be checked.
func (h *Handler) loginAllowed(c *fiber.Ctx, email string) (bool, error) {
	ctx := c.UserContext()
	n, err := h.Store.RateCount(ctx, "login:"+models.HashToken(models.NormalizeEmail(email)), loginWindow)
	if err != nil {
		return false, err
	}
	m, err := h.Store.RateCount(ctx, "login-ip:"+c.IP(), loginWindow)
	if err != nil {
		return false, err
	}
	return n < loginFailsPerEmail && m < loginFailsPerIP, nil
}

// loginFailed records a failed attempt for the account and the address.
func (h *Handler) loginFailed(c *fiber.Ctx, email string) {
	ctx := c.UserContext()
	h.Store.RateHit(ctx, "login:"+models.HashToken(models.NormalizeEmail(email)), loginWindow)
	h.Store.RateHit(ctx, "login-ip:"+c.IP(), loginWindow)
	h.Store.Audit(ctx, models.Actor{Type: "practitioner", ID: "unknown", IP: c.IP()}, "login.fail", "", "")
}

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
	ok, err := h.LoginAllowed(c, req.Email)
	if err != nil {
		return err
	}
	if !ok {
		c.Set(fiber.HeaderRetryAfter, "900")
		return httpx.APIError(c, fiber.StatusTooManyRequests, "rate_limited", "too many failed sign-ins; try again in 15 minutes", nil)
	}
	p, err := h.Store.Authenticate(c.UserContext(), req.Email, req.Password)
	if errors.Is(err, models.ErrNotFound) {
		h.LoginFailed(c, req.Email)
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized", "email or password is not right", nil)
	}
	if err != nil {
		return err
	}
	name := req.Name
	if name == "" {
		name = "API (" + c.Get(fiber.HeaderUserAgent, "unknown client") + ")"
		if len(name) > 100 {
			name = name[:100]
		}
	}
	tok, t, err := h.Store.CreateAPIToken(c.UserContext(), p.ID, name)
	if err != nil {
		return err
	}
	h.Store.Audit(c.UserContext(), models.Actor{Type: "practitioner", ID: p.ID, IP: c.IP()}, "api_token.create", "api_token", t.ID)
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"token": tok, "expires_at": t.ExpiresAt})
}
