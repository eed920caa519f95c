package api_test

import (
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestClientJSONSaysWhetherTheOwnPageIsOn: the client JSON carries
// home_page_since while the client's own page is on (in the list and for
// one client) and null once it is turned off.
func TestClientJSONSaysWhetherTheOwnPageIsOn(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Dr Home", false)
			newClient := func(name string) string {
				resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": name})
				testenv.WantStatus(t, "create client", resp, body, 201)
				return testenv.JSON(t, body)["id"].(string)
			}
			on, off := newClient("Sam K."), newClient("Alex P.")
			resp, body := p.API("POST", "/api/v1/clients/"+on+"/home-link", nil)
			testenv.WantStatus(t, "home link", resp, body, 201)
			since := func(id string) any {
				t.Helper()
				resp, body := p.API("GET", "/api/v1/clients/"+id, nil)
				testenv.WantStatus(t, "get client", resp, body, 200)
				c := testenv.JSON(t, body)
				if _, ok := c["home_page_since"]; !ok {
					t.Fatalf("no home_page_since in %s", body)
				}
				return c["home_page_since"]
			}
			if since(on) == nil || since(off) != nil {
				t.Fatalf("home_page_since: on %v, off %v", since(on), since(off))
			}
			resp, body = p.API("GET", "/api/v1/clients", nil)
			testenv.WantStatus(t, "list", resp, body, 200)
			for _, c := range testenv.JSON(t, body)["data"].([]any) {
				c := c.(map[string]any)
				if (c["id"] == on) != (c["home_page_since"] != nil) {
					t.Fatalf("list: %v", c)
				}
			}
			resp, body = p.API("DELETE", "/api/v1/clients/"+on+"/home-link", nil)
			testenv.WantStatus(t, "turn off", resp, body, 204)
			if since(on) != nil {
				t.Fatal("home_page_since after turning the page off")
			}
		})
	}
}
