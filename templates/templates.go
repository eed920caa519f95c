// Package templates holds Tend's HTML templates and static assets, embedded
// in the binary and parsed once at start-up: a broken template stops the
// start, never a request. It owns the template functions (dates, numbers,
// status words through models.StatusLabel, answers' "Not answered") and the
// holes of pages pre-rendered once and filled per request (holes.go: the
// markers, cutting a rendered page at them, and html/template's escaping
// of a string); it must never import Fiber or handlers.
package templates

import (
	"embed"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"path"
	"strings"
)

//go:embed layouts/*.html pages/*.html client/*.html
var pageFS embed.FS

//go:embed static
var staticFS embed.FS

// Static returns the static assets (CSS, JS, vendored files), rooted at static/.
func Static() fs.FS {
	sub, err := fs.Sub(staticFS, "static")
	if err != nil {
		panic(err) // the directory is embedded above; this cannot fail
	}
	return sub
}

// Set is every page template, each joined with its layout and partials.
type Set struct {
	pages map[string]*template.Template
}

// Load parses every page: "pages/x.html" (practitioner layout) and
// "client/x.html" (client layout) become pages named "pages/x" and "client/x".
func Load() (*Set, error) {
	s := &Set{pages: map[string]*template.Template{}}
	base, err := template.New("base").Funcs(Funcs()).ParseFS(pageFS, "layouts/*.html")
	if err != nil {
		return nil, fmt.Errorf("templates: layouts: %w", err)
	}
	for _, dir := range []string{"pages", "client"} {
		files, err := fs.Glob(pageFS, dir+"/*.html")
		if err != nil {
			return nil, err
		}
		for _, f := range files {
			t, err := base.Clone()
			if err != nil {
				return nil, err
			}
			if _, err := t.ParseFS(pageFS, f); err != nil {
				return nil, fmt.Errorf("templates: %s: %w", f, err)
			}
			layout := "layout_practitioner"
			if dir == "client" {
				layout = "layout_client"
			}
			if t.Lookup(layout) == nil {
				return nil, fmt.Errorf("templates: %s: layout %s missing", f, layout)
			}
			name := strings.TrimSuffix(f, path.Ext(f))
			s.pages[name] = t
		}
	}
	return s, nil
}

// Render writes page name (e.g. "pages/today") with data.
func (s *Set) Render(w io.Writer, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("templates: no page %q", name)
	}
	layout := "layout_practitioner"
	if strings.HasPrefix(name, "client/") {
		layout = "layout_client"
	}
	return t.ExecuteTemplate(w, layout, data)
}

// RenderPart writes one named template of page name (e.g. "item" of
// "client/form"): a part of the page rendered on its own, in HTML text
// context, exactly as the page would render it in place.
func (s *Set) RenderPart(w io.Writer, name, part string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("templates: no page %q", name)
	}
	return t.ExecuteTemplate(w, part, data)
}
