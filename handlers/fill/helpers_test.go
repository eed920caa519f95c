package fill_test

import (
	"encoding/json"
	"html"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// fillClient is a client's browser in handler tests: the raw link and the
// shared test client, whose jar holds the fill cookie it was exchanged for.
type fillClient struct {
	*testenv.Client
	t          *testing.T
	env        *testenv.Env
	p          *testenv.Practitioner
	assignment string
	token      string
	ip         string
}

// newFillEnv starts Tend on db with one practitioner.
func newFillEnv(t testing.TB, db testenv.DB, opts ...testenv.Option) (*testenv.Env, *testenv.Practitioner) {
	t.Helper()
	env := testenv.New(t, db, opts...)
	return env, env.NewPractitioner("Ada Lovelace", false)
}

// assignFill gives worksheet key to a new client of p through the API.
func assignFill(t *testing.T, env *testenv.Env, p *testenv.Practitioner, key string) *fillClient {
	t.Helper()
	a := p.AssignNew(key, "Take your time.\nNo rush at all.")
	return &fillClient{Client: env.NewClient(), t: t, env: env, p: p, assignment: a.AssignmentID, token: a.Token(), ip: "192.0.2.10"}
}

// newFill is a fresh env with one assignment of key, not yet opened.
func newFill(t *testing.T, db testenv.DB, key string) *fillClient {
	t.Helper()
	env, p := newFillEnv(t, db)
	return assignFill(t, env, p, key)
}

// newSubmitted is a client who sent weekly-connection-checkin with the note
// "walked by the river", on a fresh env over db.
func newSubmitted(t *testing.T, db testenv.DB) *fillClient {
	t.Helper()
	fc := newFill(t, db, "weekly-connection-checkin")
	form := formBase(fc.mustOpen())
	form.Set("week_notes", "walked by the river")
	form.Set("asked_help", "no")
	resp, body := fc.post("/f/submit", form)
	testenv.WantStatus(t, "submit", resp, body, 303)
	return fc
}

// from sends the client's address with every request; it is read only
// when the env trusts the proxy.
func (fc *fillClient) from() *testenv.Client {
	fc.Header.Set("X-Forwarded-For", fc.ip)
	return fc.Client
}

func (fc *fillClient) get(path string) (*http.Response, string) {
	fc.t.Helper()
	return fc.from().Get(path)
}

func (fc *fillClient) post(path string, form url.Values) (*http.Response, string) {
	fc.t.Helper()
	return fc.from().PostForm(path, form)
}

// cookie is the fill session the link was exchanged for ("" when none).
func (fc *fillClient) cookie() string { return fc.Cookie("tend_fill") }

// open follows the private link, as tapping it in a message does.
func (fc *fillClient) open() (*http.Response, string) {
	fc.t.Helper()
	return fc.get("/w/" + fc.token)
}

// mustOpen opens the link and loads the form, so cookie and CSRF are set.
func (fc *fillClient) mustOpen() string {
	fc.t.Helper()
	if resp, body := fc.open(); resp.StatusCode != 303 {
		fc.t.Fatalf("open link: %d %s", resp.StatusCode, body)
	}
	resp, body := fc.get("/f/form")
	if resp.StatusCode != 200 {
		fc.t.Fatalf("form: %d %s", resp.StatusCode, body)
	}
	return body
}

// putDraft autosaves as fill.js does.
func (fc *fillClient) putDraft(version int, answers map[string]any) (*http.Response, string) {
	fc.t.Helper()
	return fc.from().PutJSON("/f/draft", map[string]any{"version": version, "answers": answers})
}

// api calls the client JSON API with the link token as bearer.
func (fc *fillClient) api(method, path string, body any, header ...string) (*http.Response, string) {
	fc.t.Helper()
	var js string
	if body != nil {
		b, _ := json.Marshal(body)
		js = string(b)
	}
	req := httptest.NewRequest(method, path, strings.NewReader(js))
	req.Header.Set("X-Forwarded-For", fc.ip)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+fc.token)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return fc.env.Do(req)
}

// stored is what the practitioner API shows for the assignment.
func (fc *fillClient) stored() map[string]any {
	fc.t.Helper()
	resp, body := fc.p.API("GET", "/api/v1/assignments/"+fc.assignment, nil)
	if resp.StatusCode != 200 {
		fc.t.Fatalf("practitioner get: %d %s", resp.StatusCode, body)
	}
	return testenv.JSON(fc.t, body)
}

// hidden returns the value of a hidden input in a page.
func hidden(body, name string) string {
	m := regexp.MustCompile(`name="` + regexp.QuoteMeta(name) + `" value="([^"]*)"`).FindStringSubmatch(body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

// formBase is what every post of the form carries besides answers.
func formBase(page string) url.Values {
	return url.Values{"_version": {hidden(page, "_version")}, "_submission": {hidden(page, "_submission")}}
}

// text unescapes a page so tests compare with what a person reads.
func text(body string) string { return html.UnescapeString(body) }
