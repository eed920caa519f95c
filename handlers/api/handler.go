// Package api is the practitioner JSON API under /api/v1 (except the
// client API /api/v1/fill, which belongs to handlers/fill): the token
// exchange POST /api/v1/auth/token and every route behind a bearer API
// token, attached per route in Routes so registration order never matters.
//
// api imports handlers/httpx and handlers/pdfdoc; it never imports another
// room (handlers/web, handlers/fill).
package api

import (
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/handlers/pdfdoc"
)

// Handler serves the practitioner JSON API.
type Handler struct {
	*httpx.Kit
	docs *pdfdoc.Docs
}

// New returns the practitioner API over the shared kit.
func New(k *httpx.Kit) *Handler { return &Handler{Kit: k, docs: pdfdoc.New(k)} }
