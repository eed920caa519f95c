package fill

import (
	"html/template"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/templates"
	"github.com/tend-health/tend/views"
)

// A plain form page (no flash, error summary, conflict, outage or removed
// row: what GET /f/form shows) differs from one client to another only in
// a few values: the practitioner's name and response time, the CSRF token,
// the draft's version, the submission key and the sections. So, like the
// sections (form_body.go), the whole page — layout, head, header and
// footer — is rendered once per worksheet version (and once more for a
// client who came from their own page), with holes for those values, and
// each page copies the fragments and fills the holes. Any other page, or a
// version whose page cannot be cut (a marker in its title), is rendered by
// the template.

// Holes of the form page.
const (
	pageWho, pageResponseTime, pageCSRF = "who", "rt", "csrf"
	pageVersion, pageKey, pageBody      = "version", "key", "body"
)

// plain reports whether p is a page the pre-rendered page can show.
func (p *fillFormPage) plain() bool {
	return p.Flash == "" && len(p.Summary) == 0 && !p.Conflict && !p.Unavailable && p.Removed == nil
}

// formPageOf is ws's plain form page pre-rendered, nil if it cannot be.
func (h *Handler) formPageOf(ws *models.WorksheetView, fromHome bool) *templates.Cut {
	name := "client form page"
	if fromHome {
		name += ", from home"
	}
	cut, _ := ws.Derived(name, func() any { return h.buildFormPage(ws.Def.Title, fromHome) }).(*templates.Cut)
	return cut
}

func (h *Handler) buildFormPage(title string, fromHome bool) *templates.Cut {
	p := fillFormPage{Base: httpx.Base{Title: title, CSRF: templates.TextHole(pageCSRF)},
		Sheet: fillHead{Title: title, Practitioner: templates.TextHole(pageWho), ResponseTime: templates.TextHole(pageResponseTime),
			FromHome: fromHome},
		Version: templates.TextHole(pageVersion), SubmissionKey: templates.TextHole(pageKey),
		Body: template.HTML(templates.Hole(pageBody))} // #nosec: a marker, cut out below
	var out strings.Builder
	if err := h.Pages.Render(&out, "client/form", p); err != nil {
		return nil
	}
	cut, ok := templates.CutHoles(out.String())
	if !ok {
		return nil
	}
	bodies := 0
	for _, hole := range cut.Holes {
		switch {
		case hole.Name == pageBody && !hole.Text:
			bodies++
		case hole.Name == pageBody || !hole.Text || !(&fillFormPage{}).has(hole.Name):
			return nil
		}
	}
	if bodies != 1 {
		return nil
	}
	return &cut
}

// value is the text that fills hole name of p.
func (p *fillFormPage) value(name string) string {
	switch name {
	case pageWho:
		return p.Sheet.Who()
	case pageResponseTime:
		return p.Sheet.ResponseTime
	case pageCSRF:
		return p.CSRF
	case pageVersion:
		return p.Version
	case pageKey:
		return p.SubmissionKey
	}
	return ""
}

// has reports whether name is a text hole of the page.
func (p *fillFormPage) has(name string) bool {
	switch name {
	case pageWho, pageResponseTime, pageCSRF, pageVersion, pageKey:
		return true
	}
	return false
}

// pageBufs are the buffers form pages are written in, reused (a page is
// copied into the response).
var pageBufs = sync.Pool{New: func() any { return new([]byte) }}

// pageBufKeep bounds the buffers kept for reuse.
const pageBufKeep = 1 << 20

// writeFormPage answers with plain page p, written from its pre-rendered
// page and the version's sections (sk, filled with secs). Nothing is
// written when a section fails to render.
func (h *Handler) writeFormPage(c *fiber.Ctx, cut *templates.Cut, p *fillFormPage, sk *formSkeleton, secs []views.FillSection) error {
	bp := pageBufs.Get().(*[]byte)
	b, err := h.appendFormPage((*bp)[:0], cut, p, sk, secs)
	if err == nil {
		c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
		c.Response().SetBody(b) // a copy: b goes back to the pool
	}
	if cap(b) <= pageBufKeep {
		*bp = b[:0]
		pageBufs.Put(bp)
	}
	return err
}

// appendFormPage appends plain page p to b.
func (h *Handler) appendFormPage(b []byte, cut *templates.Cut, p *fillFormPage, sk *formSkeleton, secs []views.FillSection) ([]byte, error) {
	var err error
	for i, hole := range cut.Holes {
		b = append(b, cut.Parts[i]...)
		if hole.Name == pageBody {
			if b, err = h.formBody(b, sk, secs); err != nil {
				return b, err
			}
			continue
		}
		b = templates.EscapeText(b, p.value(hole.Name))
	}
	return append(b, cut.Parts[len(cut.Parts)-1]...), nil
}
