package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// Sign-in forms are posted before there is a session, so their CSRF token
// lives in its own short cookie (double submit): a cross-site form cannot
// read it, and with SameSite=Lax the browser does not even send it along.
const preSessionCookie = "tend_pre"

// preSessionToken returns the pre-session CSRF token, setting the cookie
// when there is none yet.
func (h *Handler) preSessionToken(c *fiber.Ctx) (string, error) {
	if tok := c.Cookies(h.CookieName(preSessionCookie)); len(tok) >= 32 && len(tok) <= 64 {
		return tok, nil
	}
	tok, err := models.NewToken()
	if err != nil {
		return "", err
	}
	h.SetCookie(c, preSessionCookie, tok, 2*time.Hour)
	return tok, nil
}

// checkPreSession verifies a sign-in form's CSRF token against its cookie.
func (h *Handler) checkPreSession(c *fiber.Ctx) error {
	return httpx.CheckCSRF(c, c.Cookies(h.CookieName(preSessionCookie)))
}

type loginForm struct {
	Email    string `form:"email"`
	Password string `form:"password"`
	Next     string `form:"next"`
	TimeZone string `form:"tz"`
}

type loginPage struct {
	httpx.Base
	Form   loginForm
	Errors fieldErrors
	// NoAccount: nobody can sign in yet; the page points to the one-time
	// setup link printed at start (never the link itself).
	NoAccount bool
}

// showLoginPage shows the sign-in form; a signed-in practitioner goes on.
func (h *Handler) showLoginPage(c *fiber.Ctx) error {
	next := safeNext(c.Query("next"))
	if tok := c.Cookies(h.CookieName(httpx.SessionCookie)); tok != "" {
		if _, _, err := h.Store.SessionPractitioner(c.UserContext(), tok, h.Config.SessionIdle, h.Config.SessionMax); err == nil {
			return c.Redirect(next, fiber.StatusSeeOther)
		}
	}
	return h.renderLogin(c, loginForm{Next: next}, nil)
}

func (h *Handler) renderLogin(c *fiber.Ctx, f loginForm, errs fieldErrors) error {
	b := h.Base(c, "", "Sign in")
	tok, err := h.preSessionToken(c)
	if err != nil {
		return err
	}
	b.CSRF = tok
	n, err := h.Store.PractitionerCount(c.UserContext())
	if err != nil {
		return err
	}
	f.Password = ""
	return h.Render(c, "pages/login", loginPage{Base: b, Form: f, Errors: errs, NoAccount: n == 0})
}

// login checks the email and password (throttled per account and address)
// and starts a new session.
func (h *Handler) login(c *fiber.Ctx) error {
	if err := h.checkPreSession(c); err != nil {
		return err
	}
	var f loginForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	f.Email = strings.TrimSpace(f.Email)
	errs := fieldErrors{}
	if f.Email == "" {
		errs.add("email", "Enter your email address.")
	}
	if f.Password == "" {
		errs.add("password", "Enter your password.")
	}
	if len(errs) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLogin(c, f, errs)
	}
	p, err := h.CheckLogin(c, f.Email, func() (*models.Practitioner, error) {
		return h.Store.Authenticate(c.UserContext(), f.Email, f.Password)
	})
	if errors.Is(err, models.ErrNotFound) {
		errs.add("password", "That email and password do not match an active account.")
		c.Status(fiber.StatusUnprocessableEntity)
		return h.renderLogin(c, f, errs)
	}
	if err != nil {
		return err
	}
	if p.TOTPEnabledAt != nil {
		return h.askForCode(c, p, f.TimeZone, safeNext(f.Next))
	}
	return h.startSession(c, p, f.TimeZone, safeNext(f.Next), false)
}

// startSession ends any session the browser had, starts a new one (a new
// id at every sign-in) and goes to next. secondFactor: a code was entered
// just now (minting an API token needs one within minutes).
func (h *Handler) startSession(c *fiber.Ctx, p *models.Practitioner, tz, next string, secondFactor bool) error {
	httpx.SetMe(c, p)
	ctx := c.UserContext()
	if old := c.Cookies(h.CookieName(httpx.SessionCookie)); old != "" {
		if err := h.Store.DeleteSession(ctx, old); err != nil {
			return err
		}
	}
	tok, _, err := h.Store.CreateSession(ctx, p.ID)
	if err != nil {
		return err
	}
	if secondFactor {
		if err := h.Store.MarkSecondFactor(ctx, tok); err != nil {
			return err
		}
	}
	h.SetCookie(c, httpx.SessionCookie, tok, h.Config.SessionMax)
	h.SetCookie(c, preSessionCookie, "", -1)
	if err := h.RememberDevice(c, p.ID); err != nil {
		return err
	}
	// The browser's time zone is the default until the practitioner picks one.
	if p.TimeZone == "" && tz != "" {
		_ = h.Store.SetTimeZone(ctx, p.ID, tz)
	}
	h.AuditRead(c, "login.ok", "practitioner", p.ID)
	switch {
	case p.MustChangePassword:
		next = choosePasswordPath
	case h.mustEnrol(p):
		next = twoFactorPath
	}
	return httpx.Redirect(c, next)
}

// logout ends the session on the server and clears the cookie.
func (h *Handler) logout(c *fiber.Ctx) error {
	if tok := c.Cookies(h.CookieName(httpx.SessionCookie)); tok != "" {
		if err := h.Store.DeleteSession(c.UserContext(), tok); err != nil {
			return err
		}
	}
	h.AuditRead(c, "logout", "practitioner", httpx.Me(c).ID)
	h.SetCookie(c, httpx.SessionCookie, "", -1)
	h.Flash(c, "You are signed out.")
	return httpx.Redirect(c, "/login")
}
