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

// fillClient is a client's browser in handler tests: the raw link, the
// fill cookie it was exchanged for and the form's CSRF token.
type fillClient struct {
	t          *testing.T
	env        *testenv.Env
	p          *testenv.Practitioner
	assignment string
	token      string
	cookie     string            // the fill session
	jar        map[string]string // other cookies (the flash message)
	csrf       string
	ip         string
}

// newFillEnv starts Tend on db with one practitioner.
func newFillEnv(t *testing.T, db testenv.DB, opts ...testenv.Option) (*testenv.Env, *testenv.Practitioner) {
	t.Helper()
	env := testenv.New(t, db, opts...)
	return env, env.NewPractitioner("Ada Lovelace", false)
}

// assignFill gives worksheet key to a new client of p through the API.
func assignFill(t *testing.T, env *testenv.Env, p *testenv.Practitioner, key string) *fillClient {
	t.Helper()
	a := p.AssignNew(key, "Take your time.\nNo rush at all.")
	return &fillClient{t: t, env: env, p: p, assignment: a.AssignmentID, token: a.Token(), ip: "192.0.2.10"}
}

// newFill is a fresh env with one assignment of key, not yet opened.
func newFill(t *testing.T, db testenv.DB, key string) *fillClient {
	t.Helper()
	env, p := newFillEnv(t, db)
	return assignFill(t, env, p, key)
}

func (fc *fillClient) do(req *http.Request) (*http.Response, string) {
	fc.t.Helper()
	req.Header.Set("X-Forwarded-For", fc.ip) // read only when the env trusts the proxy
	if fc.cookie != "" {
		req.AddCookie(&http.Cookie{Name: "tend_fill", Value: fc.cookie})
	}
	for k, v := range fc.jar {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	resp, body := fc.env.Do(req)
	for _, ck := range resp.Cookies() {
		v := ck.Value
		if ck.MaxAge < 0 {
			v = ""
		}
		switch {
		case ck.Name == "tend_fill":
			fc.cookie = v
		case v == "":
			delete(fc.jar, ck.Name)
		default:
			if fc.jar == nil {
				fc.jar = map[string]string{}
			}
			fc.jar[ck.Name] = v
		}
	}
	if m := csrfRe.FindStringSubmatch(body); m != nil {
		fc.csrf = m[1]
	}
	return resp, body
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// open follows the private link, as tapping it in a message does.
func (fc *fillClient) open() (*http.Response, string) {
	fc.t.Helper()
	return fc.do(httptest.NewRequest("GET", "/w/"+fc.token, nil))
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

func (fc *fillClient) get(path string) (*http.Response, string) {
	fc.t.Helper()
	return fc.do(httptest.NewRequest("GET", path, nil))
}

// post sends a form as a browser would, with the page's CSRF token unless
// the form sets _csrf itself.
func (fc *fillClient) post(path string, form url.Values) (*http.Response, string) {
	fc.t.Helper()
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", fc.csrf)
	}
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return fc.do(req)
}

// putDraft autosaves as fill.js does.
func (fc *fillClient) putDraft(version int, answers map[string]any) (*http.Response, string) {
	fc.t.Helper()
	js, _ := json.Marshal(map[string]any{"version": version, "answers": answers})
	req := httptest.NewRequest("PUT", "/f/draft", strings.NewReader(string(js)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", fc.csrf)
	return fc.do(req)
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
