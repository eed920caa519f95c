// Package pdfdoc serves the PDF documents a practitioner prints, one
// assignment or a client's session summary: it loads them owner-scoped from
// the store, maps them to the reports view models and sends the file. The
// web room (session cookie) and the API room (bearer token) both serve them.
//
// pdfdoc imports handlers/httpx only; it never imports a room.
package pdfdoc

import "github.com/tend-health/tend/handlers/httpx"

// Docs builds and sends the PDFs.
type Docs struct{ *httpx.Kit }

// New returns the PDF documents over the shared kit.
func New(k *httpx.Kit) *Docs { return &Docs{k} }
