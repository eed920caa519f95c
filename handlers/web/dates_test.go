package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestDatesBounded: every date a practitioner can enter, on a page or the
// API, is bounded (a due date within two years; a session or a summary's
// period not after today nor before 2000): out of range is a 422 naming the
// field, and a far due date never reaches the assignment list.
func TestDatesBounded(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		// The test clock's today is 2026-11-02.
		for _, due := range []string{"9999-12-31", "2028-11-03"} {
			resp, body := w.web.PostForm("/clients/"+w.clientID+"/assign",
				url.Values{"worksheet": {"support-map"}, "due_on": {due}})
			testenv.WantStatus(t, "page due "+due, resp, body, 422)
			wantBody(t, "page due "+due, body, "The due date must be within two years, by 2028-11-02.", `value="`+due+`"`)

			resp, body = w.p.API("POST", "/api/v1/clients/"+w.clientID+"/assignments",
				map[string]any{"worksheet_key": "support-map", "due_on": due})
			testenv.WantStatus(t, "API due "+due, resp, body, 422)
			if !strings.Contains(body, `"due_on"`) || !strings.Contains(body, "within two years") {
				t.Errorf("API due %s: %s", due, body)
			}
		}
		resp, body := w.p.API("POST", "/api/v1/clients/"+w.clientID+"/assignments",
			map[string]any{"worksheet_key": "support-map", "due_on": "2028-11-02"})
		testenv.WantStatus(t, "API due on the last day", resp, body, 201)
		resp, body = w.web.Get("/assignments")
		testenv.WantStatus(t, "assignment list", resp, body, 200)

		for _, on := range []string{"2026-11-03", "9999-12-31", "1999-12-31", "0001-01-01"} {
			resp, body := w.web.PostForm("/clients/"+w.clientID+"/session", url.Values{"session_on": {on}})
			testenv.WantStatus(t, "session "+on, resp, body, 422)
			wantBody(t, "session "+on, body, "The session date must not be")
		}
		for _, q := range []string{"from=1999-12-31", "to=2026-11-03", "from=0001-01-01&to=0001-01-02", "to=9999-12-31"} {
			field := q[:strings.Index(q, "=")]
			resp, body := w.p.API("GET", "/api/v1/clients/"+w.clientID+"/summary.pdf?"+q, nil)
			testenv.WantStatus(t, "API summary "+q, resp, body, 422)
			if !strings.Contains(body, `"`+field+`"`) {
				t.Errorf("API summary %s does not name %s: %s", q, field, body)
			}
			resp, body = w.web.Get("/clients/" + w.clientID + "/summary.pdf?" + q)
			testenv.WantStatus(t, "page summary "+q, resp, body, 422)
		}
	})
}
