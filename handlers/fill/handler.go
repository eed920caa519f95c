// Package fill is the client's room: the private link (/w/:token), the
// client pages under /f (start, form, save, submit, done, answers, autosave),
// the client's own page (/c/:token, /c) and the client JSON API under
// /api/v1/fill. A client reaches it with a link token or the fill-session
// cookie it was exchanged for, scoped to one assignment, or with their own
// page's token and cookie, scoped to one client, from which they enter only
// their own open assignments; middleware is attached per route in Routes.
// It owns the form's pre-rendering (form_body.go): each worksheet version's
// sections rendered once by client/form.html, a page filling in only the
// client's values.
//
// fill imports handlers/httpx only; it never imports another room
// (handlers/web, handlers/api) or handlers/pdfdoc.
package fill

import "github.com/tend-health/tend/handlers/httpx"

// Handler serves the client pages and the client JSON API.
type Handler struct{ *httpx.Kit }

// New returns the client room over the shared kit.
func New(k *httpx.Kit) *Handler { return &Handler{k} }
