package deploytest

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// clientIP is the address the browser connects to Caddy from; Caddy
// connects to Tend from 127.0.0.1 and forwards this one.
const clientIP = "127.0.0.2"

// TestBehindCaddy drives Tend through Caddy over HTTPS as deploy/Caddyfile
// serves it: sign-in, a CSRF-protected post (a new client), an assignment,
// the client's link and one autosave. Cookies are __Host- and Secure, HSTS
// is sent, the audit records the forwarded client address (not Caddy's),
// and no page refers to an http:// URL.
func TestBehindCaddy(t *testing.T) {
	if os.Getenv("TEND_TEST_CADDY") != "1" {
		t.Skip("TEND_TEST_CADDY is not set: the test behind Caddy (Debian's caddy) is skipped (CI sets it)")
	}
	if _, err := exec.LookPath("caddy"); err != nil {
		t.Fatal("TEND_TEST_CADDY=1 but caddy is not installed (apt-get install caddy)")
	}
	t.Parallel()
	var env *testenv.Env
	cad := startCaddy(t, func(port int) string {
		env = testenv.New(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) {
			c.BaseURL = fmt.Sprintf("https://127.0.0.1:%d", port)
			c.SecureCookies = true
			c.TrustedProxies = []string{"127.0.0.1"}
		})
		return strings.TrimPrefix(env.Serve(), "http://")
	})
	p := env.NewPractitioner("Ada Lovelace", false)
	b := newBrowser(t, cad)

	// Sign in: the login form's pre-session CSRF token, posted back.
	_, page := b.get("/login")
	resp, _ := b.post("/login", url.Values{"email": {p.Email}, "password": {p.Password}})
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/" {
		t.Fatalf("sign in: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	wantHTTPS(t, "login", page)
	for _, ck := range resp.Request.Response.Cookies() {
		if !strings.HasPrefix(ck.Name, "__Host-") || !ck.Secure || !ck.HttpOnly || ck.Path != "/" {
			t.Errorf("cookie %s: want __Host- prefix, Secure, HttpOnly, Path=/; got Secure=%v HttpOnly=%v Path=%q", ck.Name, ck.Secure, ck.HttpOnly, ck.Path)
		}
	}
	if hsts := resp.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(hsts, "max-age=") {
		t.Errorf("Strict-Transport-Security = %q", hsts)
	}

	// A CSRF-protected post: a new client, then an assignment.
	b.get("/clients/new")
	resp, page = b.post("/clients", url.Values{"display_name": {"Robin T."}})
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Request.URL.Path, "/clients/") {
		t.Fatalf("create client: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	wantHTTPS(t, "client page", page)
	clientID := strings.TrimPrefix(resp.Request.URL.Path, "/clients/")
	forged := url.Values{"display_name": {"Forged"}, "_csrf": {"wrong"}}
	if resp, _ := b.postRaw("/clients", forged); resp.StatusCode != http.StatusForbidden {
		t.Errorf("post with a wrong CSRF token: %d, want 403", resp.StatusCode)
	}
	b.get("/clients/" + clientID + "/assign")
	resp, page = b.post("/clients/"+clientID+"/assign", url.Values{"worksheet": {"weekly-connection-checkin"}})
	link := regexp.MustCompile(`https://127\.0\.0\.1:\d+/w/[A-Za-z0-9_-]+`).FindString(page)
	if resp.StatusCode != http.StatusOK || link == "" {
		t.Fatalf("assign: %d at %s, link %q", resp.StatusCode, resp.Request.URL, link)
	}
	wantHTTPS(t, "link page", page)

	// The client: a fresh browser opens the link and autosaves once.
	cl := newBrowser(t, cad)
	resp, page = cl.get(strings.TrimPrefix(link, cad.URL))
	if resp.StatusCode != http.StatusOK || resp.Request.URL.Path != "/f" {
		t.Fatalf("open link: %d at %s", resp.StatusCode, resp.Request.URL)
	}
	wantHTTPS(t, "start page", page)
	_, page = cl.get("/f/form")
	wantHTTPS(t, "form", page)
	req, _ := http.NewRequest("PUT", cad.URL+"/f/draft", strings.NewReader(`{"version":0,"answers":{"stress":4}}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-CSRF-Token", cl.csrf)
	req.Header.Set("Origin", cad.URL)
	resp, body := cl.do(req)
	if resp.StatusCode != http.StatusOK || !strings.Contains(body, `"version":1`) {
		t.Fatalf("autosave: %d %s", resp.StatusCode, body)
	}
	for _, ck := range cl.jar.Cookies(mustURL(cad.URL)) {
		if !strings.HasPrefix(ck.Name, "__Host-") {
			t.Errorf("client cookie %s has no __Host- prefix", ck.Name)
		}
	}

	// The audit records the address Caddy forwarded, not Caddy's own.
	var rows []models.AuditEvent
	if err := env.Store.DB().Where("ip <> ''").Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	if len(rows) == 0 {
		t.Fatal("no audit rows with an IP")
	}
	for _, r := range rows {
		if r.IP != clientIP {
			t.Errorf("audit %s by %s: IP %q, want the forwarded %s", r.Action, r.ActorType, r.IP, clientIP)
		}
	}
}

// browser is an HTTPS client trusting Caddy's root, connecting from
// clientIP, with a cookie jar and the CSRF token of the last form.
type browser struct {
	t    *testing.T
	base string
	hc   *http.Client
	jar  *cookiejar.Jar
	csrf string
}

func newBrowser(t *testing.T, c *caddy) *browser {
	jar, _ := cookiejar.New(nil)
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(clientIP)}, Timeout: 5 * time.Second}
	tr := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: c.Root},
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			return dialer.DialContext(ctx, network, addr)
		}}
	t.Cleanup(tr.CloseIdleConnections)
	return &browser{t: t, base: c.URL, jar: jar, hc: &http.Client{Transport: tr, Jar: jar, Timeout: 20 * time.Second}}
}

var csrfField = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func (b *browser) do(req *http.Request) (*http.Response, string) {
	b.t.Helper()
	resp, err := b.hc.Do(req)
	if err != nil {
		b.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if m := csrfField.FindSubmatch(body); m != nil {
		b.csrf = string(m[1])
	}
	return resp, string(body)
}

func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("GET", b.base+path, nil)
	return b.do(req)
}

// post sends form with the last page's CSRF token, as the page's form does.
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	form.Set("_csrf", b.csrf)
	return b.postRaw(path, form)
}

func (b *browser) postRaw(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	req, _ := http.NewRequest("POST", b.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", b.base)
	return b.do(req)
}

// wantHTTPS fails when a page refers to a plain http:// URL (mixed
// content), XML namespaces aside.
func wantHTTPS(t *testing.T, what, page string) {
	t.Helper()
	for _, m := range regexp.MustCompile(`http://[^"'\s<>]*`).FindAllString(page, -1) {
		if !strings.HasPrefix(m, "http://www.w3.org/") {
			t.Errorf("%s refers to %s (mixed content)", what, m)
		}
	}
}

func mustURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil {
		panic(err)
	}
	return u
}
