package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// codeDidNotWork is the plain-words refusal of a wrong or used code.
const codeDidNotWork = "That code did not work. Enter the one your app shows now, or a recovery code."

// checkCode checks a code of the signed-in practitioner inside the
// sign-in throttle and marks the session's second factor fresh; a wrong
// code is a field error on field.
func (h *Handler) checkCode(c *fiber.Ctx, code, field string, errs fieldErrors) error {
	me := httpx.Me(c)
	_, err := h.CheckLogin(c, me.Email, func() (*models.Practitioner, error) {
		_, err := h.Store.UseSecondFactor(c.UserContext(), me.ID, code)
		return nil, err
	})
	if errors.Is(err, models.ErrNotFound) {
		errs.add(field, codeDidNotWork)
		return nil
	}
	if err != nil {
		return err
	}
	return h.Store.MarkSecondFactor(c.UserContext(), c.Cookies(h.CookieName(httpx.SessionCookie)))
}

// regenerateRecoveryCodes replaces the recovery codes (the old ones stop
// working) after a code, and shows the new ones once.
func (h *Handler) regenerateRecoveryCodes(c *fiber.Ctx) error {
	var f struct {
		Code string `form:"recovery_code"`
	}
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Code == "" {
		errs.add("recovery_code", "Enter the code your app shows now.")
	} else if err := h.checkCode(c, f.Code, "recovery_code", errs); err != nil {
		return err
	}
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAccount(c, accountFormsOf(httpx.Me(c)), errs)
	}
	codes, err := h.Store.RegenerateRecoveryCodes(c.UserContext(), httpx.Me(c).ID)
	if errors.Is(err, models.ErrConflict) {
		return httpx.Redirect(c, "/account")
	}
	if err != nil {
		return err
	}
	return h.showRecoveryCodes(c, codes, false)
}

// turnOffTwoFactor removes the authenticator and recovery codes; it needs
// the current password and a code (both throttled like sign-in).
func (h *Handler) turnOffTwoFactor(c *fiber.Ctx) error {
	var f struct {
		Password string `form:"off_password"`
		Code     string `form:"off_code"`
	}
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	me := httpx.Me(c)
	errs := fieldErrors{}
	if f.Password == "" {
		errs.add("off_password", "Enter your current password.")
	}
	if f.Code == "" {
		errs.add("off_code", "Enter the code your app shows now, or a recovery code.")
	}
	if len(errs) == 0 {
		_, err := h.CheckLogin(c, me.Email, func() (*models.Practitioner, error) {
			return nil, h.Store.VerifyCurrentPassword(c.UserContext(), me.ID, f.Password)
		})
		if !errs.fromValidation(err, map[string]string{"off_password": "The current password"}, map[string]string{"current_password": "off_password"}) && err != nil {
			return err
		}
	}
	if len(errs) == 0 {
		if err := h.checkCode(c, f.Code, "off_code", errs); err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderAccount(c, accountFormsOf(me), errs)
	}
	if err := h.Store.TurnOffSecondFactor(c.UserContext(), me.ID, "2fa.disable"); err != nil {
		return err
	}
	if h.Config.Require2FA {
		h.Flash(c, "Two-step sign-in is off. This server requires it: set it up again with your new app.")
	} else {
		h.Flash(c, "Two-step sign-in is off. Signing in now needs only your password.")
	}
	return httpx.Redirect(c, "/account")
}

// resetTwoFactor (admin) turns another practitioner's second factor off,
// for a lost phone; audited as 2fa.reset by the admin.
func (h *Handler) resetTwoFactor(c *fiber.Ctx) error {
	id := c.Params("id")
	if id == httpx.Me(c).ID {
		return fiber.NewError(fiber.StatusConflict, "Turn your own two-step sign-in off under Account.")
	}
	if err := h.Store.TurnOffSecondFactor(c.UserContext(), id, "2fa.reset"); err != nil {
		return err
	}
	h.Flash(c, "Two-step sign-in was reset. They sign in with their password and can set it up again under Account.")
	return httpx.Redirect(c, "/admin")
}
