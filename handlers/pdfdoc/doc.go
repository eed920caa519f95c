// Package pdfdoc serves the documents a practitioner downloads: the PDFs
// of one assignment or a client's session summary, and a client's whole
// record as a streamed ZIP (ClientExport: JSON, a FHIR Bundle, a CSV of
// scores and every PDF). It loads them owner-scoped from the store, maps
// them to the reports view models and sends the file. The
// web room (session cookie) and the API room (bearer token) both serve them.
//
// pdfdoc imports handlers/httpx only; it never imports a room.
package pdfdoc

import "github.com/tend-health/tend/handlers/httpx"

// Docs builds and sends the PDFs.
type Docs struct{ *httpx.Kit }

// New returns the PDF documents over the shared kit.
func New(k *httpx.Kit) *Docs { return &Docs{k} }
