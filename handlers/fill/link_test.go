package fill_test

import (
	"bytes"
	"context"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

func TestFillLinkExchange(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "small-steps-followup")
			resp, body := fc.open()
			testenv.WantStatus(t, "open", resp, body, 303)
			if loc := resp.Header.Get("Location"); loc != "/f" {
				t.Fatalf("Location %q, want the token-free /f", loc)
			}
			ck := resp.Cookies()
			if len(ck) != 1 || ck[0].Name != "tend_fill" || !ck[0].HttpOnly || ck[0].SameSite != 2 /* Lax */ ||
				ck[0].Path != "/" || ck[0].MaxAge != 3600 || ck[0].Value == fc.token || ck[0].Domain != "" {
				t.Fatalf("cookie: %+v", ck)
			}
			evs, _ := fc.env.Store.AuditEvents(context.Background(), 5)
			if evs[0].Action != "link.open" || evs[0].ActorID != "link:"+models.HashToken(fc.token)[:8] || evs[0].ObjectID != fc.assignment {
				t.Fatalf("audit: %+v", evs[0])
			}

			resp, page := fc.get("/f")
			testenv.WantStatus(t, "start page", resp, page, 200)
			for _, want := range []string{"Small steps: what happened", "Ada Lovelace", "Take your time.",
				"No rush at all.", "Monday 9 November 2026", "About 10 minutes", "Only you and Ada Lovelace can see your answers",
				"You can stop any time — your answers are saved as you go", `href="/f/form">Start<`} {
				if !strings.Contains(text(page), want) {
					t.Errorf("start page lacks %q", want)
				}
			}

			// Tapping the link again keeps this browser's session, so a
			// page open in another tab keeps its CSRF token.
			before := fc.cookie()
			resp, _ = fc.open()
			if resp.StatusCode != 303 || fc.cookie() != before {
				t.Fatalf("reopen: %d, cookie changed: %v", resp.StatusCode, fc.cookie() != before)
			}
			fc.mustOpen()
			if resp, body := fc.putDraft(0, map[string]any{"tried": "yes"}); resp.StatusCode != 200 {
				t.Fatalf("draft: %d %s", resp.StatusCode, body)
			}
			if _, page = fc.get("/f"); !strings.Contains(page, `href="/f/form">Continue<`) {
				t.Error("start page should offer Continue once a draft exists")
			}
		})
	}
}

func TestFillCookieOverTLS(t *testing.T) {
	t.Parallel()
	env, p := newFillEnv(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) { c.SecureCookies = true })
	fc := assignFill(t, env, p, "support-map")
	resp, _ := env.Do(httptest.NewRequest("GET", "/w/"+fc.token, nil))
	ck := resp.Cookies()
	if resp.StatusCode != 303 || len(ck) != 1 || ck[0].Name != "__Host-tend_fill" || !ck[0].Secure || ck[0].Domain != "" || ck[0].Path != "/" {
		t.Fatalf("TLS cookie: %d %+v", resp.StatusCode, ck)
	}
}

func TestFillDeadLinksLookAlike(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db)
			bodies := map[string]string{}
			check := func(name, token string) {
				t.Helper()
				resp, body := env.Do(httptest.NewRequest("GET", "/w/"+token, nil))
				testenv.WantStatus(t, name, resp, body, 404)
				if len(resp.Cookies()) != 0 {
					t.Errorf("%s: sets a cookie", name)
				}
				if !strings.Contains(text(body), "This link is no longer active") || !strings.Contains(body, "contact your practitioner") {
					t.Errorf("%s: not the friendly page:\n%s", name, body)
				}
				bodies[name] = body
			}
			check("unknown", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
			check("garbage", "x")

			// Re-issued: the old link dies, and so does its open page.
			old := assignFill(t, env, p, "support-map")
			old.mustOpen()
			resp, body := p.API("POST", "/api/v1/assignments/"+old.assignment+"/link", nil)
			testenv.WantStatus(t, "reissue", resp, body, 201)
			check("reissued", old.token)
			resp, body = old.get("/f/form")
			testenv.WantStatus(t, "page after reissue", resp, body, 404)
			if !strings.Contains(body, "This page has closed") {
				t.Errorf("page after reissue:\n%s", body)
			}
			resp, body = old.putDraft(0, map[string]any{"ask_person": "J."})
			testenv.WantStatus(t, "autosave after reissue", resp, body, 401)

			// Cancelled.
			cancelled := assignFill(t, env, p, "support-map")
			cancelled.mustOpen()
			resp, body = p.API("DELETE", "/api/v1/assignments/"+cancelled.assignment, nil)
			testenv.WantStatus(t, "cancel", resp, body, 204)
			check("cancelled", cancelled.token)
			if resp, body := cancelled.get("/f"); resp.StatusCode != 404 {
				t.Fatalf("session of a cancelled assignment: %d %s", resp.StatusCode, body)
			}

			// Expired: the clock passes the link's expiry.
			expired := assignFill(t, env, p, "support-map")
			env.Clock.Advance(31 * 24 * time.Hour)
			check("expired", expired.token)

			for name, b := range bodies {
				if b != bodies["unknown"] {
					t.Errorf("%s body differs from unknown:\n%s\n---\n%s", name, b, bodies["unknown"])
				}
			}
			if t.Failed() {
				return
			}
			for _, tok := range []string{old.token, cancelled.token, expired.token} {
				if strings.Contains(env.LogText(), tok) {
					t.Fatal("a token reached the log")
				}
			}
		})
	}
}

// trustProxy trusts app.Test's connection (0.0.0.0) as a proxy and allows
// three failed link attempts a minute per IP.
func trustProxy(c *config.Config) { c.TrustedProxies = []string{"0.0.0.0"}; c.LinkFailuresPerIP = 3 }

// TestFillRateLimit: failed link attempts are limited per IP, but a valid
// link or bearer from that IP always works (a clinic's clients share one
// address behind its NAT with whoever mistypes or guesses links).
func TestFillRateLimit(t *testing.T) {
	t.Parallel()
	trust := func(c *config.Config) { c.TrustedProxies = []string{"0.0.0.0"} } // the default: 20 failures a minute
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env, p := newFillEnv(t, db, trust)
			client := assignFill(t, env, p, "support-map")
			client.ip = "198.51.100.7" // shares its IP with someone guessing links
			client.mustOpen()
			version := 0

			guess := func(ip string) (int, string) {
				req := httptest.NewRequest("GET", "/w/notARealToken", nil)
				req.Header.Set("X-Forwarded-For", ip)
				resp, _ := env.Do(req)
				return resp.StatusCode, resp.Header.Get("Retry-After")
			}
			for i := 0; i < 20; i++ {
				if code, _ := guess(client.ip); code != 404 {
					t.Fatalf("guess %d: %d", i, code)
				}
				if i%5 == 0 {
					// The client keeps autosaving between the guesses, never slowed.
					resp, body := client.putDraft(version, map[string]any{"ask_person": "J."})
					testenv.WantStatus(t, "autosave", resp, body, 200)
					version = int(testenv.JSON(t, body)["version"].(float64))
				}
			}
			for i := 20; i < 25; i++ {
				if code, after := guess(client.ip); code != 429 || after != "60" {
					t.Fatalf("guess %d: %d Retry-After %q", i, code, after)
				}
			}
			// The token is checked first: a valid link from the same IP opens
			// the form, and its bearer works on the client API.
			resp, body := client.open()
			testenv.WantStatus(t, "valid link from a limited IP", resp, body, 303)
			if loc := resp.Header.Get("Location"); loc != "/f" {
				t.Fatalf("valid link from a limited IP: Location %q", loc)
			}
			resp, body = client.api("GET", "/api/v1/fill", nil)
			testenv.WantStatus(t, "valid bearer from a limited IP", resp, body, 200)
			resp, body = client.api("PUT", "/api/v1/fill/draft", map[string]any{"version": version, "answers": map[string]any{"ask_person": "J.K."}})
			testenv.WantStatus(t, "API autosave from a limited IP", resp, body, 200)
			version++
			for i := 0; i < 5; i++ {
				resp, body := client.putDraft(version, map[string]any{"ask_person": "J.K."})
				testenv.WantStatus(t, "autosave while limited", resp, body, 200)
				version++
			}
			if resp, body := client.get("/f/form"); resp.StatusCode != 200 {
				t.Fatalf("page while limited: %d %s", resp.StatusCode, body)
			}
			// Guessing stays limited; other addresses are not affected; the
			// limit lifts after a minute.
			if code, _ := guess(client.ip); code != 429 {
				t.Fatalf("guess after the valid link: %d", code)
			}
			if code, _ := guess("203.0.113.9"); code != 404 {
				t.Fatalf("other IP: %d", code)
			}
			env.Clock.Advance(61 * time.Second)
			if code, _ := guess(client.ip); code != 404 {
				t.Fatalf("after a minute: %d", code)
			}

			// Bad bearer tokens on the client API count the same way.
			bad := &fillClient{Client: env.NewClient(), t: t, env: env, token: "wrong", ip: "192.0.2.99"}
			for i := 0; i < 20; i++ {
				resp, body := bad.api("GET", "/api/v1/fill", nil)
				testenv.WantStatus(t, "bad bearer", resp, body, 401)
			}
			resp, body = bad.api("GET", "/api/v1/fill", nil)
			testenv.WantStatus(t, "bad bearer, limited", resp, body, 429)
			if resp.Header.Get("Retry-After") != "60" || !strings.Contains(body, `"rate_limited"`) {
				t.Fatalf("429: %v %s", resp.Header, body)
			}
			good := *client
			good.ip = bad.ip
			resp, body = good.api("GET", "/api/v1/fill", nil)
			testenv.WantStatus(t, "valid bearer from an IP limited by bad bearers", resp, body, 200)
		})
	}
}

func TestFillHeaders(t *testing.T) {
	t.Parallel()
	fc := newFill(t, testenv.DB{Name: "sqlite"}, "weekly-connection-checkin")
	fc.mustOpen()
	for _, path := range []string{"/f", "/f/form", "/w/nope"} {
		resp, body := fc.get(path)
		h := resp.Header
		if h.Get("Referrer-Policy") != "no-referrer" || h.Get("Cache-Control") != "no-store" ||
			!strings.Contains(h.Get("X-Robots-Tag"), "noindex") || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
			t.Errorf("%s: headers %v", path, h)
		}
		csp := h.Get("Content-Security-Policy")
		if !strings.Contains(csp, "default-src 'self'") || !strings.Contains(csp, "script-src 'self'") || strings.Contains(csp, "unsafe") {
			t.Errorf("%s: CSP %q", path, csp)
		}
		// Nothing loaded from other origins (a link to a helpline is not a
		// load), no inline script or style.
		if regexp.MustCompile(`(?i)(src="(https?:)?//|<link[^>]*href="(https?:)?//)`).MatchString(body) {
			t.Errorf("%s loads from another origin", path)
		}
		if regexp.MustCompile(`(?i)<script(\s[^>]*)?>\s*[^<\s]|\sstyle=|<style`).MatchString(body) {
			t.Errorf("%s has inline script or style", path)
		}
	}
	resp, body := fc.putDraft(0, map[string]any{})
	if resp.StatusCode != 200 || resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("draft: %d %v %s", resp.StatusCode, resp.Header, body)
	}
}

// TestFillTokenStaysSecret runs a whole client visit, then looks for the raw
// link token in everything the server logged and in the database file.
func TestFillTokenStaysSecret(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "weekly-connection-checkin")
			page := fc.mustOpen()
			fc.get("/f")
			form := formBase(page)
			form.Set("asked_help", "no")
			fc.post("/f/save", form)
			fc.api("GET", "/api/v1/fill", nil)
			fc.api("PUT", "/api/v1/fill/draft", map[string]any{"version": 1, "answers": map[string]any{"asked_help": true}})
			fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{"asked_help": true}}, "Idempotency-Key", "k1")
			fc.open()
			fc.get("/f/answers")
			fc.get("/w/" + fc.token + "x") // a near miss fails and is logged as a failure
			logs := fc.env.LogText()
			if !strings.Contains(logs, "/w/:token") {
				t.Fatalf("expected the route pattern in the access log:\n%s", logs)
			}
			for _, s := range []string{fc.token, url.PathEscape(fc.token), fc.token[:20]} {
				if strings.Contains(logs, s) {
					t.Fatalf("the token appears in the log")
				}
			}
			evs, _ := fc.env.Store.AuditEvents(context.Background(), 50)
			for _, ev := range evs {
				if strings.Contains(ev.ActorID+ev.ObjectID, fc.token[:12]) {
					t.Fatalf("token in audit: %+v", ev)
				}
			}
			if fc.env.SQLitePath != "" {
				for _, f := range []string{fc.env.SQLitePath, fc.env.SQLitePath + "-wal"} {
					data, err := os.ReadFile(f)
					if err != nil && !os.IsNotExist(err) {
						t.Fatal(err)
					}
					if bytes.Contains(data, []byte(fc.token)) || bytes.Contains(data, []byte(fc.cookie())) {
						t.Fatalf("%s holds a raw token", f)
					}
				}
			}
		})
	}
}
