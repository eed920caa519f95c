package api_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// setup makes a practitioner with one client and one assignment.
type fixture struct {
	env        *testenv.Env
	p          *testenv.Practitioner
	clientID   string
	assignment string
	link       string
}

func newFixture(t *testing.T, db testenv.DB) *fixture {
	t.Helper()
	env := testenv.New(t, db)
	p := env.NewPractitioner("Ada Therapist", false)
	a := p.AssignNew("self-reliance-checkin", "Take your time.")
	return &fixture{env, p, a.ClientID, a.AssignmentID, a.Link}
}

func linkToken(link string) string { return link[strings.LastIndex(link, "/")+1:] }

func TestAPIClientLifecycle(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p := f.p
			resp, body := p.API("GET", "/api/v1/clients", nil)
			if resp.StatusCode != 200 || !strings.Contains(body, "Sam K.") || !strings.Contains(body, `"next_cursor":null`) {
				t.Fatalf("list: %d %s", resp.StatusCode, body)
			}
			// Clearing the email must save the empty value (a GORM zero-value trap).
			resp, body = p.API("PATCH", "/api/v1/clients/"+f.clientID, map[string]any{"email": ""})
			if resp.StatusCode != 200 {
				t.Fatalf("patch: %d %s", resp.StatusCode, body)
			}
			_, body = p.API("GET", "/api/v1/clients/"+f.clientID, nil)
			if strings.Contains(body, "sam@example.org") {
				t.Fatalf("email not cleared: %s", body)
			}
			// Mass assignment: an owner id in the body is ignored.
			other := f.env.NewPractitioner("Other", false)
			p.API("PATCH", "/api/v1/clients/"+f.clientID, map[string]any{"display_name": "Sam", "practitioner_id": other.ID, "id": "x"})
			if resp, _ := p.API("GET", "/api/v1/clients/"+f.clientID, nil); resp.StatusCode != 200 {
				t.Fatalf("client moved away by a body field: %d", resp.StatusCode)
			}
			// Archive: 204, the open link stops working, list shows it under archived.
			resp, _ = p.API("DELETE", "/api/v1/clients/"+f.clientID, nil)
			if resp.StatusCode != 204 {
				t.Fatalf("archive: %d", resp.StatusCode)
			}
			if _, err := f.env.Store.AssignmentByLink(context.Background(), linkToken(f.link)); err != models.ErrNotFound {
				t.Fatalf("link alive after archiving the client: %v", err)
			}
			_, body = p.API("GET", "/api/v1/clients", nil)
			if strings.Contains(body, f.clientID) {
				t.Fatalf("archived client in the active list")
			}
			_, body = p.API("GET", "/api/v1/clients?archived=true", nil)
			if !strings.Contains(body, f.clientID) {
				t.Fatalf("archived client missing from archived list: %s", body)
			}
		})
	}
}

func TestAPIAssignmentLifecycle(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p, ctx := f.p, context.Background()
			if !strings.HasPrefix(f.link, "http://tend.test/w/") || len(linkToken(f.link)) != 43 {
				t.Fatalf("link should be BASE/w/<43-char base64url token>: %s", f.link)
			}
			resp, body := p.API("GET", "/api/v1/assignments/"+f.assignment, nil)
			m := testenv.JSON(t, body)
			if resp.StatusCode != 200 || m["status"] != "assigned" || m["due_on"] != "2026-11-09" || m["instructions"] != "Take your time." {
				t.Fatalf("get: %d %s", resp.StatusCode, body)
			}
			if strings.Contains(body, linkToken(f.link)) {
				t.Fatal("the link token is shown again after creation")
			}
			_, body = p.API("GET", "/api/v1/assignments?status=assigned&client_id="+f.clientID, nil)
			if !strings.Contains(body, f.assignment) {
				t.Fatalf("filtered list misses the assignment: %s", body)
			}
			resp, _ = p.API("GET", "/api/v1/assignments?status=bogus", nil)
			if resp.StatusCode != 422 {
				t.Fatalf("unknown status filter: want 422, got %d", resp.StatusCode)
			}
			// Re-issue: the old link dies at once, the new one works.
			resp, body = p.API("POST", "/api/v1/assignments/"+f.assignment+"/link", nil)
			if resp.StatusCode != 201 {
				t.Fatalf("reissue: %d %s", resp.StatusCode, body)
			}
			newLink := testenv.JSON(t, body)["link"].(string)
			if _, err := f.env.Store.AssignmentByLink(ctx, linkToken(f.link)); err != models.ErrNotFound {
				t.Fatalf("old link still alive after re-issue: %v", err)
			}
			if id, err := f.env.Store.AssignmentByLink(ctx, linkToken(newLink)); err != nil || id != f.assignment {
				t.Fatalf("new link: %q %v", id, err)
			}
			// Cancel: 204, the link dies, cancelling twice is fine, status shows it.
			resp, _ = p.API("DELETE", "/api/v1/assignments/"+f.assignment, nil)
			if resp.StatusCode != 204 {
				t.Fatalf("cancel: %d", resp.StatusCode)
			}
			if _, err := f.env.Store.AssignmentByLink(ctx, linkToken(newLink)); err != models.ErrNotFound {
				t.Fatalf("link alive after cancel: %v", err)
			}
			_, body = p.API("GET", "/api/v1/assignments/"+f.assignment, nil)
			if testenv.JSON(t, body)["status"] != "cancelled" {
				t.Fatalf("status after cancel: %s", body)
			}
			resp, _ = p.API("POST", "/api/v1/assignments/"+f.assignment+"/link", nil)
			if resp.StatusCode != 409 {
				t.Fatalf("re-issuing a cancelled assignment: want 409, got %d", resp.StatusCode)
			}
		})
	}
}

func TestAPIBadInput(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p := f.p
			cases := []struct {
				name, method, path string
				body               any
				want               int
				field              string
			}{
				{"broken JSON", "POST", "/api/v1/clients", `{"display_name": `, 400, ""},
				{"wrong type", "POST", "/api/v1/clients", `{"display_name": 42}`, 422, "display_name"},
				{"missing name", "POST", "/api/v1/clients", `{}`, 422, "display_name"},
				{"bad email", "POST", "/api/v1/clients", `{"display_name":"A","email":"not-an-email"}`, 422, "email"},
				{"unknown worksheet", "POST", "/api/v1/clients/" + f.clientID + "/assignments", `{"worksheet_key":"no-such-sheet"}`, 422, "worksheet_key"},
				{"bad due date", "POST", "/api/v1/clients/" + f.clientID + "/assignments", `{"worksheet_key":"support-map","due_on":"31/12/2026"}`, 422, "due_on"},
				{"past due date", "POST", "/api/v1/clients/" + f.clientID + "/assignments", `{"worksheet_key":"support-map","due_on":"2020-01-01"}`, 422, "due_on"},
				{"SQL in an id", "GET", "/api/v1/clients/1'%20OR%20'1'='1", nil, 404, ""},
				{"SQL in a query", "GET", "/api/v1/clients?q=%27%3B%20DROP%20TABLE%20clients%3B--", nil, 200, ""},
				{"unknown id", "GET", "/api/v1/assignments/0193f0c0-0000-7000-8000-000000000000", nil, 404, ""},
				{"wrong content type", "POST", "/api/v1/clients", []byte("display_name=x"), 400, ""},
			}
			for _, tc := range cases {
				resp, body := p.API(tc.method, tc.path, tc.body)
				if resp.StatusCode != tc.want {
					t.Errorf("%s: want %d, got %d %s", tc.name, tc.want, resp.StatusCode, body)
					continue
				}
				if resp.StatusCode >= 400 {
					m := testenv.JSON(t, body)
					e, _ := m["error"].(map[string]any)
					if e == nil || e["code"] == "" || e["message"] == "" {
						t.Errorf("%s: error body must be {error:{code,message}}: %s", tc.name, body)
					}
					if tc.field != "" && !strings.Contains(body, `"field":"`+tc.field+`"`) {
						t.Errorf("%s: details should name %s: %s", tc.name, tc.field, body)
					}
				}
			}
			// Oversized body → 413, never a 500 (over a real socket: the
			// limit is enforced by the HTTP server before the app).
			base := f.env.Serve()
			conn, err := net.Dial("tcp", strings.TrimPrefix(base, "http://"))
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			fmt.Fprintf(conn, "POST /api/v1/clients HTTP/1.1\r\nHost: tend.test\r\nAuthorization: Bearer %s\r\n"+
				"Content-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"display_name\":\"", p.APIToken, 2<<20)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			status, err := bufio.NewReader(conn).ReadString('\n')
			if err != nil || !strings.Contains(status, " 413 ") {
				t.Fatalf("oversized body: want 413, got %q %v", status, err)
			}
			// The clients table survived the injection attempt.
			if resp, _ := p.API("GET", "/api/v1/clients/"+f.clientID, nil); resp.StatusCode != 200 {
				t.Fatalf("client gone after SQL-looking input: %d", resp.StatusCode)
			}
			// No credentials, a made-up token, a revoked token: 401.
			for _, tok := range []string{"", "tnd_madeup", "garbage"} {
				if resp, _ := f.env.API(tok, "GET", "/api/v1/clients", nil); resp.StatusCode != 401 {
					t.Errorf("token %q: want 401, got %d", tok, resp.StatusCode)
				}
			}
		})
	}
}

func TestAPIAuthToken(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Bea", false)
			resp, body := env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": strings.ToUpper(p.Email), "password": p.Password})
			if resp.StatusCode != 201 {
				t.Fatalf("token: %d %s", resp.StatusCode, body)
			}
			m := testenv.JSON(t, body)
			tok := m["token"].(string)
			if m["expires_at"] == nil {
				t.Fatal("no expires_at")
			}
			if resp, _ := env.API(tok, "GET", "/api/v1/clients", nil); resp.StatusCode != 200 {
				t.Fatalf("new token does not work: %d", resp.StatusCode)
			}
			// Wrong password and unknown email answer the same 401.
			r1, b1 := env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": p.Email, "password": "wrong password!!"})
			r2, b2 := env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": "nobody@example.org", "password": "wrong password!!"})
			if r1.StatusCode != 401 || r2.StatusCode != 401 || b1 != b2 {
				t.Fatalf("wrong password vs unknown email differ: %d %s / %d %s", r1.StatusCode, b1, r2.StatusCode, b2)
			}
			// After 10 failures for the account, even the right password waits.
			for i := 0; i < 9; i++ {
				env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": p.Email, "password": "wrong password!!"})
			}
			resp, _ = env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": p.Email, "password": p.Password})
			if resp.StatusCode != 429 || resp.Header.Get("Retry-After") == "" {
				t.Fatalf("after 10 failures: want 429 with Retry-After, got %d", resp.StatusCode)
			}
			env.Clock.Advance(16 * 60 * 1e9)
			resp, _ = env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": p.Email, "password": p.Password})
			if resp.StatusCode != 201 {
				t.Fatalf("after the window: want 201, got %d", resp.StatusCode)
			}
			// A disabled account's tokens stop at once.
			if err := env.Store.SetDisabled(context.Background(), p.ID, true); err != nil {
				t.Fatal(err)
			}
			if resp, _ := env.API(tok, "GET", "/api/v1/clients", nil); resp.StatusCode != 401 {
				t.Fatalf("disabled account's token: want 401, got %d", resp.StatusCode)
			}
		})
	}
}

func TestAPIHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t, testenv.DB{Name: "sqlite"})
	for _, path := range []string{"/api/v1/clients", "/healthz", "/api/v1/nope", "/no-such-page"} {
		resp, _ := f.p.API("GET", path, nil)
		for h, want := range map[string]string{"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff",
			"Referrer-Policy": "no-referrer", "X-Frame-Options": "DENY"} {
			if got := resp.Header.Get(h); got != want {
				t.Errorf("%s %s: %s = %q, want %q", "GET", path, h, got, want)
			}
		}
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "object-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") || strings.Contains(csp, "unsafe-inline") {
			t.Errorf("%s: weak CSP %q", path, csp)
		}
	}
	resp, _ := f.env.Do(mustReq("GET", "/readyz"))
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("readyz: %d", resp.StatusCode)
	}
}

func mustReq(method, path string) *http.Request { return httptest.NewRequest(method, path, nil) }

// TestScriptsGetJSONErrors: a script that asks for JSON outside /api/ (the
// autosave) gets a JSON error, not an HTML page.
func TestScriptsGetJSONErrors(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	req := httptest.NewRequest("PUT", "/f/draft", strings.NewReader(`{}`))
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Content-Type", "application/json")
	resp, body := env.Do(req)
	if resp.StatusCode < 400 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") || !strings.Contains(body, `"error"`) {
		t.Fatalf("want a JSON error, got %d %s %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	req = httptest.NewRequest("GET", "/no-such-page", nil)
	req.Header.Set("Accept", "text/html,application/xhtml+xml,application/json;q=0.9")
	if resp, _ := env.Do(req); !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("a browser should get a page: %s", resp.Header.Get("Content-Type"))
	}
}
