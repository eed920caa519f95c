package mail_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// eachDB runs fn on every test database, side by side.
func eachDB(t *testing.T, fn func(t *testing.T, db testenv.DB)) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { t.Parallel(); fn(t, db) })
	}
}

// mailEnv is a Tend pointed at a fresh in-process relay, with one practitioner.
type mailEnv struct {
	*testenv.Env
	relay *testenv.SMTPServer
	p     *testenv.Practitioner
}

func newMailEnv(t *testing.T, db testenv.DB, opts ...testenv.Option) *mailEnv {
	relay := testenv.NewSMTP(t)
	env := testenv.New(t, db, append([]testenv.Option{testenv.WithSMTP(relay)}, opts...)...)
	return &mailEnv{Env: env, relay: relay, p: env.NewPractitioner("Dr Quinn", false)}
}

// client adds a client Tend may email (name, address) through the API.
func (m *mailEnv) client(name, email string) string {
	m.T.Helper()
	resp, body := m.p.API("POST", "/api/v1/clients", map[string]any{"display_name": name, "email": email, "send_email": true})
	testenv.WantStatus(m.T, "create client", resp, body, 201)
	return testenv.JSON(m.T, body)["id"].(string)
}

// assign gives the client worksheet key due on due (YYYY-MM-DD or "")
// and returns the assignment id and the raw link token.
func (m *mailEnv) assign(cid, key, due string) (string, string) {
	m.T.Helper()
	req := map[string]any{"worksheet_key": key, "instructions": "Only if it feels right."}
	if due != "" {
		req["due_on"] = due
	}
	resp, body := m.p.API("POST", "/api/v1/clients/"+cid+"/assignments", req)
	testenv.WantStatus(m.T, "assign", resp, body, 201)
	a := testenv.JSON(m.T, body)
	link := a["link"].(string)
	return a["id"].(string), link[strings.LastIndex(link, "/")+1:]
}

// outbox is every outbox row (newest first).
func (m *mailEnv) outbox() []models.MailMessage {
	m.T.Helper()
	rows, _, err := m.Store.Outbox(context.Background(), "", models.Page{Limit: 100})
	if err != nil {
		m.T.Fatal(err)
	}
	return rows
}

// draft autosaves answers through the client API (the link token as bearer).
func (m *mailEnv) draft(token string, version int, answers map[string]any) {
	m.T.Helper()
	resp, body := m.API(token, "PUT", "/api/v1/fill/draft", map[string]any{"version": version, "answers": answers})
	testenv.WantStatus(m.T, "draft", resp, body, 200)
}

// post sends a form POST with no session, as a mail program does.
func (m *mailEnv) post(url, body string) (int, string) {
	m.T.Helper()
	req := httptest.NewRequest("POST", strings.TrimPrefix(url, "http://tend.test"), strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, b := m.Do(req)
	return resp.StatusCode, b
}

func httpGet(url string) *http.Request {
	return httptest.NewRequest("GET", strings.TrimPrefix(url, "http://tend.test"), nil)
}

func asValidation(err error, ve **models.ValidationError) bool { return errors.As(err, ve) }
