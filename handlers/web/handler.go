// Package web is the practitioner's room: the signed-in HTML pages (today,
// clients, assignments, review, worksheets, account, admin), sign-in and
// first-run setup, and the PDFs those pages link to. Access is a session
// cookie plus CSRF on every POST, attached per route in Routes.
//
// web imports handlers/httpx and handlers/pdfdoc; it never imports another
// room (handlers/fill, handlers/api).
package web

import (
	"github.com/go-webauthn/webauthn/webauthn"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/handlers/pdfdoc"
)

// Handler serves the practitioner pages.
type Handler struct {
	*httpx.Kit
	docs *pdfdoc.Docs
	// rp is the passkey relying party (nil: passkeys are not offered).
	rp *webauthn.WebAuthn
	// today keeps each practitioner's last Today body (today_cache.go).
	today todayCache
}

// New returns the practitioner pages over the shared kit.
func New(k *httpx.Kit) *Handler {
	return &Handler{Kit: k, docs: pdfdoc.New(k), rp: newRelyingParty(k.Config.BaseURL)}
}
