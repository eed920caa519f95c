package testenv

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"time"
)

// Client is a browser over the in-process app: a cookie jar kept across
// requests (as for the env's base URL, so Secure cookies count under https)
// and the CSRF token of the last page that had a form.
type Client struct {
	Jar    *cookiejar.Jar
	CSRF   string      // the last page's _csrf field, sent by PostForm and PutJSON
	Header http.Header // sent with every request
	e      *Env
	base   *url.URL
}

// NewClient is a browser with no cookies yet.
func (e *Env) NewClient() *Client {
	e.T.Helper()
	jar, _ := cookiejar.New(nil)
	base, err := url.Parse(e.Tend.Config.BaseURL)
	if err != nil {
		e.T.Fatal(err)
	}
	return &Client{Jar: jar, Header: http.Header{}, e: e, base: base}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// Do sends req with the client's headers and cookies, keeps the cookies
// the response sets (or clears) and the CSRF token of the page it returns.
func (c *Client) Do(req *http.Request) (*http.Response, string) {
	c.e.T.Helper()
	for k, vs := range c.Header {
		req.Header[k] = vs
	}
	u := c.base.ResolveReference(&url.URL{Path: req.URL.Path})
	for _, ck := range c.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	resp, body := c.e.Do(req)
	c.Jar.SetCookies(u, resp.Cookies())
	if m := csrfField.FindStringSubmatch(body); m != nil {
		c.CSRF = m[1]
	}
	return resp, body
}

// Get fetches a page.
func (c *Client) Get(path string) (*http.Response, string) {
	c.e.T.Helper()
	return c.Do(httptest.NewRequest(http.MethodGet, path, nil))
}

// PostForm submits a form with the client's CSRF token, unless the form
// has a _csrf field already.
func (c *Client) PostForm(path string, form url.Values) (*http.Response, string) {
	c.e.T.Helper()
	if form == nil {
		form = url.Values{}
	}
	if _, ok := form["_csrf"]; !ok {
		form.Set("_csrf", c.CSRF)
	}
	return c.SendForm(http.MethodPost, path, form)
}

// SendForm sends a form exactly as given (nil: no body).
func (c *Client) SendForm(method, path string, form url.Values) (*http.Response, string) {
	c.e.T.Helper()
	if form == nil {
		return c.Do(httptest.NewRequest(method, path, nil))
	}
	req := httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return c.Do(req)
}

// PutJSON sends v as JSON with the client's CSRF token in X-CSRF-Token,
// as the pages' scripts do.
func (c *Client) PutJSON(path string, v any) (*http.Response, string) {
	c.e.T.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		c.e.T.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPut, path, strings.NewReader(string(js)))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", c.CSRF)
	return c.Do(req)
}

// Cookie returns the value the jar holds for name ("" when none).
func (c *Client) Cookie(name string) string {
	for _, ck := range c.Jar.Cookies(c.base) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// SetCookie puts a cookie in the jar, as a page or an attacker could.
func (c *Client) SetCookie(name, value string) {
	c.Jar.SetCookies(c.base, []*http.Cookie{{Name: name, Value: value, Path: "/"}})
}

// Web signs the practitioner in (a fresh session, as after the login form)
// and returns a browser holding its cookie and CSRF token.
func (p *Practitioner) Web() *Client {
	p.e.T.Helper()
	tok, sess, err := p.e.Store.CreateSession(context.Background(), p.ID)
	if err != nil {
		p.e.T.Fatal(err)
	}
	c := p.e.NewClient()
	c.SetCookie("tend_session", tok)
	c.CSRF = sess.CSRFToken
	return c
}

// Serve starts the app on a real loopback listener bound to port 0 and
// returns its base URL ("http://127.0.0.1:PORT"); it stops when the test ends.
func (e *Env) Serve() string {
	e.T.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		e.T.Fatal(err)
	}
	e.ServeOn(ln)
	return "http://" + ln.Addr().String()
}

// ServeOn serves the app on ln (a listener the test opened first, e.g. to
// know its port before the config) until the test ends.
func (e *Env) ServeOn(ln net.Listener) {
	e.T.Helper()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_ = e.Tend.App.Listener(ln)
	}()
	e.T.Cleanup(func() {
		_ = e.Tend.App.ShutdownWithTimeout(5 * time.Second)
		<-done
	})
}
