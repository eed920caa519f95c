package web

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"net/url"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// Passkeys (WebAuthn) as a second factor beside the authenticator app: the
// relying party is TEND_BASE_URL (its host is the RP ID, it is the one
// origin). Adding one and signing in with one need JavaScript
// (static/passkey.js posts JSON here); the code page works without.

// newRelyingParty is the WebAuthn relying party for baseURL, or nil (no
// passkeys) when the address cannot be one, such as a bare IP address.
func newRelyingParty(baseURL string) *webauthn.WebAuthn {
	u, err := url.Parse(baseURL)
	if err != nil {
		return nil
	}
	rp, err := webauthn.New(&webauthn.Config{RPID: u.Hostname(), RPDisplayName: "Tend", RPOrigins: []string{baseURL}})
	if err != nil {
		return nil
	}
	return rp
}

// passkeyUser is a practitioner as WebAuthn sees them.
type passkeyUser struct {
	p     *models.Practitioner
	creds []webauthn.Credential
}

func (u passkeyUser) WebAuthnID() []byte                         { return []byte(u.p.ID) }
func (u passkeyUser) WebAuthnName() string                       { return u.p.Email }
func (u passkeyUser) WebAuthnDisplayName() string                { return u.p.Name }
func (u passkeyUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// loadPasskeyUser reads p's passkeys.
func (h *Handler) loadPasskeyUser(c *fiber.Ctx, p *models.Practitioner) (passkeyUser, error) {
	ks, err := h.Store.Passkeys(c.UserContext(), p.ID)
	if err != nil {
		return passkeyUser{}, err
	}
	u := passkeyUser{p: p}
	for _, k := range ks {
		var cred webauthn.Credential
		if err := json.Unmarshal([]byte(k.Credential), &cred); err != nil {
			return passkeyUser{}, err
		}
		u.creds = append(u.creds, cred)
	}
	return u, nil
}

// passkeyRefused answers a script's passkey request that cannot go on.
func passkeyRefused(c *fiber.Ctx, status int, msg string) error {
	return httpx.APIError(c, status, "passkey", msg, nil)
}

// passkeyOptions begins a ceremony: its state waits on the session or
// challenge with cookie token, and the browser gets the options as JSON.
func (h *Handler) passkeyOptions(c *fiber.Ctx, where, token string, options any, state *webauthn.SessionData) error {
	js, err := json.Marshal(state)
	if err != nil {
		return err
	}
	if err := h.Store.SetPasskeyState(c.UserContext(), where, token, string(js)); err != nil {
		return err
	}
	return c.JSON(options)
}

// takePasskeyState reads and clears a waiting ceremony.
func (h *Handler) takePasskeyState(c *fiber.Ctx, where, token string) (*webauthn.SessionData, error) {
	js, err := h.Store.TakePasskeyState(c.UserContext(), where, token)
	if err != nil {
		return nil, err
	}
	var state webauthn.SessionData
	if err := json.Unmarshal([]byte(js), &state); err != nil {
		return nil, err
	}
	return &state, nil
}

// addPasskeyOptions starts adding a passkey (two-step sign-in must be on).
func (h *Handler) addPasskeyOptions(c *fiber.Ctx) error {
	me := httpx.Me(c)
	if h.rp == nil || me.TOTPEnabledAt == nil {
		return passkeyRefused(c, fiber.StatusConflict, "Turn on two-step sign-in with an authenticator app first.")
	}
	u, err := h.loadPasskeyUser(c, me)
	if err != nil {
		return err
	}
	var exclude []protocol.CredentialDescriptor
	for _, cr := range u.creds {
		exclude = append(exclude, cr.Descriptor())
	}
	options, state, err := h.rp.BeginRegistration(u, webauthn.WithExclusions(exclude))
	if err != nil {
		return err
	}
	return h.passkeyOptions(c, models.PasskeyInSession, c.Cookies(h.CookieName(httpx.SessionCookie)), options, state)
}

// addPasskey checks the browser's new credential and keeps it.
func (h *Handler) addPasskey(c *fiber.Ctx) error {
	me := httpx.Me(c)
	if h.rp == nil {
		return passkeyRefused(c, fiber.StatusConflict, "Passkeys are not available on this server.")
	}
	state, err := h.takePasskeyState(c, models.PasskeyInSession, c.Cookies(h.CookieName(httpx.SessionCookie)))
	if errors.Is(err, models.ErrNotFound) {
		return passkeyRefused(c, fiber.StatusConflict, "Please start again: that passkey request was already used.")
	}
	if err != nil {
		return err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(c.Body())
	if err != nil {
		return passkeyRefused(c, fiber.StatusUnprocessableEntity, "The passkey could not be read. Please try again.")
	}
	u, err := h.loadPasskeyUser(c, me)
	if err != nil {
		return err
	}
	cred, err := h.rp.CreateCredential(u, *state, parsed)
	if err != nil {
		return passkeyRefused(c, fiber.StatusUnprocessableEntity, "The passkey was not accepted. Please try again.")
	}
	js, err := json.Marshal(cred)
	if err != nil {
		return err
	}
	name := "Passkey added " + httpx.LocalDate(h.Store.Now(), httpx.Location(c)).Format("2 Jan 2006")
	_, err = h.Store.AddPasskey(c.UserContext(), me.ID, name, base64.RawURLEncoding.EncodeToString(cred.ID), string(js))
	if errors.Is(err, models.ErrConflict) {
		return passkeyRefused(c, fiber.StatusConflict, "This passkey is added already, or two-step sign-in is off.")
	}
	if err != nil {
		return err
	}
	h.Flash(c, "Passkey added. At sign-in you can use it instead of a code.")
	return c.JSON(fiber.Map{"next": "/account"})
}

// removePasskey deletes one of the practitioner's passkeys (a plain form).
func (h *Handler) removePasskey(c *fiber.Ctx) error {
	if err := h.Store.RemovePasskey(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	h.Flash(c, "Passkey removed.")
	return httpx.Redirect(c, "/account#two-step")
}
