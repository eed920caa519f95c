// Package handlers builds Tend's Fiber app from its rooms. HTTP lives in
// rooms by audience, each with its own route table:
//
//   - handlers/web: the practitioner's HTML pages (session cookie + CSRF)
//   - handlers/fill: the client's pages and client JSON API (link token)
//   - handlers/api: the practitioner JSON API (bearer API token)
//
// over a small shared toolkit, handlers/httpx, and the PDFs both practitioner
// rooms serve, handlers/pdfdoc. This package only wires them together with
// the ops routes (health, static files); rooms never import each other.
package handlers

import "github.com/tend-health/tend/handlers/httpx"

// Deps are the parts NewApp wires together.
type Deps = httpx.Deps
