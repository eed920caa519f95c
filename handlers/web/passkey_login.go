package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// Signing in with a passkey instead of a code: the same login challenge
// (its cookie, its few tries, the sign-in throttle), answered by the
// browser's passkey instead of a typed code.

// loginPasskeyOptions asks the browser for one of the account's passkeys.
func (h *Handler) loginPasskeyOptions(c *fiber.Ctx) error {
	if err := h.checkPreSession(c); err != nil {
		return err
	}
	p, err := h.challenged(c, false)
	if errors.Is(err, models.ErrNotFound) {
		return passkeyRefused(c, fiber.StatusConflict, "Please sign in again: the code step lasts 5 minutes.")
	}
	if err != nil {
		return err
	}
	u, err := h.loadPasskeyUser(c, p)
	if err != nil {
		return err
	}
	if h.rp == nil || len(u.creds) == 0 {
		return passkeyRefused(c, fiber.StatusConflict, "This account has no passkey. Enter the code from your app.")
	}
	options, state, err := h.rp.BeginLogin(u)
	if err != nil {
		return err
	}
	return h.passkeyOptions(c, models.PasskeyInChallenge, c.Cookies(h.CookieName(challengeCookie)), options, state)
}

// loginPasskey checks the browser's passkey answer and starts the session
// (the browser then follows the redirect).
func (h *Handler) loginPasskey(c *fiber.Ctx) error {
	if err := h.checkPreSession(c); err != nil {
		return err
	}
	p, err := h.challenged(c, true)
	if errors.Is(err, models.ErrNotFound) {
		return passkeyRefused(c, fiber.StatusConflict, "Please sign in again: the code step lasts 5 minutes and takes a few tries.")
	}
	if err != nil {
		return err
	}
	tok := c.Cookies(h.CookieName(challengeCookie))
	state, err := h.takePasskeyState(c, models.PasskeyInChallenge, tok)
	if errors.Is(err, models.ErrNotFound) || h.rp == nil {
		return passkeyRefused(c, fiber.StatusConflict, "Please try the passkey again.")
	}
	if err != nil {
		return err
	}
	u, err := h.loadPasskeyUser(c, p)
	if err != nil {
		return err
	}
	_, err = h.CheckLogin(c, p.Email, func() (*models.Practitioner, error) {
		parsed, err := protocol.ParseCredentialRequestResponseBytes(c.Body())
		if err != nil {
			return nil, models.ErrNotFound
		}
		cred, err := h.rp.ValidateLogin(u, *state, parsed)
		if err != nil {
			return nil, models.ErrNotFound // a wrong passkey counts like a wrong code
		}
		js, err := json.Marshal(cred)
		if err != nil {
			return nil, err
		}
		return p, h.Store.PasskeyUsed(c.UserContext(), p.ID, base64.RawURLEncoding.EncodeToString(cred.ID), string(js))
	})
	if errors.Is(err, models.ErrNotFound) {
		return passkeyRefused(c, fiber.StatusUnprocessableEntity, "That passkey did not work. Try again, or enter the code from your app.")
	}
	if err != nil {
		return err
	}
	if err := h.Store.DeleteLoginChallenge(c.UserContext(), tok); err != nil {
		return err
	}
	h.SetCookie(c, challengeCookie, "", -1)
	return h.startSession(c, p, c.Query("tz"), safeNext(c.Query("next")), true)
}
