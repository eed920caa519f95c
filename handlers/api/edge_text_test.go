package api_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestBadTextRefusedAtTheEdge: a NUL or invalid UTF-8 in any text a
// request carries (page forms, search and cursors, path ids, API JSON, the
// client API) is a 422 naming the field, or a 404 for a path, never a 500
// (PostgreSQL refuses such text); nothing of it is stored.
func TestBadTextRefusedAtTheEdge(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Ada Lovelace", false)
			a := p.AssignNew("support-map", "Take your time.")
			web := p.Web()
			for _, bad := range []struct{ name, raw, enc string }{{"NUL", "a\x00b", "a%00b"}, {"bad UTF-8", "a\xffb", "a%FFb"}} {
				type call struct {
					what  string
					do    func() (*http.Response, string)
					field string // "" = a 404 is right
				}
				jsonBody := `{"display_name":"` + strings.ReplaceAll(bad.raw, "\x00", `\u0000`) + `"}`
				calls := []call{
					{"page form", func() (*http.Response, string) {
						return web.PostForm("/clients", url.Values{"display_name": {bad.raw}})
					}, "display_name"},
					{"page search", func() (*http.Response, string) { return web.Get("/clients?q=" + bad.enc) }, "q"},
					{"page cursor", func() (*http.Response, string) { return web.Get("/assignments?cursor=" + bad.enc) }, "cursor"},
					{"page path id", func() (*http.Response, string) { return web.Get("/clients/" + bad.enc) }, ""},
					{"API JSON", func() (*http.Response, string) { return p.API("POST", "/api/v1/clients", jsonBody) }, "display_name"},
					{"API PATCH", func() (*http.Response, string) {
						return p.API("PATCH", "/api/v1/clients/"+a.ClientID, jsonBody)
					}, "display_name"},
					{"API search", func() (*http.Response, string) { return p.API("GET", "/api/v1/clients?q="+bad.enc, nil) }, "q"},
					{"API cursor", func() (*http.Response, string) { return p.API("GET", "/api/v1/assignments?cursor="+bad.enc, nil) }, "cursor"},
					{"API path id", func() (*http.Response, string) { return p.API("GET", "/api/v1/assignments/"+bad.enc, nil) }, ""},
					{"client API draft", func() (*http.Response, string) {
						req := httptest.NewRequest("PUT", "/api/v1/fill/draft", strings.NewReader(
							`{"version":0,"answers":{"ask_person":"`+strings.ReplaceAll(bad.raw, "\x00", `\u0000`)+`"}}`))
						req.Header.Set("Content-Type", "application/json")
						req.Header.Set("Authorization", "Bearer "+a.Token())
						return env.Do(req)
					}, "answers"},
				}
				for _, c := range calls {
					resp, body := c.do()
					switch {
					case c.field == "" && resp.StatusCode != 404:
						t.Errorf("%s with %s: %d, want 404", c.what, bad.name, resp.StatusCode)
					case c.field != "" && resp.StatusCode != 422:
						t.Errorf("%s with %s: %d, want 422\n%.300s", c.what, bad.name, resp.StatusCode, body)
					case c.field != "" && !strings.Contains(body, c.field):
						t.Errorf("%s with %s: the 422 does not name %s\n%.300s", c.what, bad.name, c.field, body)
					}
				}
			}
			resp, body := p.API("GET", "/api/v1/clients", nil)
			testenv.WantStatus(t, "clients", resp, body, 200)
			if strings.Contains(body, `a\u0000b`) || strings.Count(body, `"display_name"`) != 1 {
				t.Errorf("a client with bad text was stored: %s", body)
			}

			// A User-Agent cut mid-character still signs in, named by whole characters.
			req := httptest.NewRequest("POST", "/api/v1/auth/token",
				strings.NewReader(`{"email":"`+p.Email+`","password":"`+p.Password+`"}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("User-Agent", strings.Repeat("é", 60)+"\xc3")
			resp, body = env.Do(req)
			testenv.WantStatus(t, "sign in with a long User-Agent", resp, body, 201)
		})
	}
}
