package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// choosePasswordPath is where a practitioner whose password an admin reset
// must go first: every other page redirects here until it is done.
const choosePasswordPath = "/account/choose-password"

type choosePasswordPage struct {
	httpx.Base
	Errors fieldErrors
}

var choosePasswordLabels = map[string]string{"new_password": "The new password"}

// showChoosePasswordPage asks for a new password after an admin's reset;
// anyone else goes to their account page.
func (h *Handler) showChoosePasswordPage(c *fiber.Ctx) error {
	if !httpx.Me(c).MustChangePassword {
		return httpx.Redirect(c, "/account")
	}
	return h.Render(c, "pages/choose_password", choosePasswordPage{Base: h.Base(c, "account", "Choose a new password")})
}

// choosePassword replaces the temporary password; other sessions end.
func (h *Handler) choosePassword(c *fiber.Ctx) error {
	if !httpx.Me(c).MustChangePassword {
		return httpx.Redirect(c, "/account")
	}
	f, errs, err := readNewPassword(c)
	if err != nil {
		return err
	}
	if len(errs) == 0 {
		err := h.Store.ChooseNewPassword(c.UserContext(), httpx.Me(c).ID, f.New, c.Cookies(h.CookieName(httpx.SessionCookie)))
		if err == nil {
			h.Flash(c, "Your new password is set. Welcome back.")
			return httpx.Redirect(c, "/")
		}
		if !errs.fromValidation(err, choosePasswordLabels, nil) {
			return err
		}
	}
	return h.unprocessable(c, "pages/choose_password", choosePasswordPage{Base: h.Base(c, "account", "Choose a new password"), Errors: errs})
}
