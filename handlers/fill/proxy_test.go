package fill_test

import (
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestClientIPBehindProxy: behind a trusted proxy the client is the
// right-most forwarded address the proxy added, not whatever the client
// wrote to the left of it; per-IP limits hold against rotating claims and
// group an IPv6 /64; audit rows hold a valid, normalised IP; and a long
// header never turns a valid link into an error.
func TestClientIPBehindProxy(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		env, p := newFillEnv(t, db, trustProxy)
		guess := func(xff string) int {
			req := httptest.NewRequest("GET", "/w/notARealToken", nil)
			req.Header.Set("X-Forwarded-For", xff)
			resp, _ := env.Do(req)
			return resp.StatusCode
		}
		// A client rotating what it claims on the left stays one address.
		for i, claim := range []string{"10.0.0.1", "10.0.0.2", "junk"} {
			if code := guess(claim + ", 198.51.100.7"); code != 404 {
				t.Fatalf("guess %d: %d", i, code)
			}
		}
		if code := guess("10.0.0.4, 198.51.100.7"); code != 429 {
			t.Fatalf("4th guess with a new claimed address: %d, want 429", code)
		}
		// Addresses in one IPv6 /64 share a limit; the next /64 does not.
		for i, ip := range []string{"2001:db8:1:1::1", "2001:db8:1:1::2", "2001:db8:1:1:ffff::3"} {
			if code := guess(ip); code != 404 {
				t.Fatalf("v6 guess %d: %d", i, code)
			}
		}
		if code := guess("2001:db8:1:1::4"); code != 429 {
			t.Fatalf("4th guess in one /64: %d, want 429", code)
		}
		if code := guess("2001:db8:1:2::1"); code != 404 {
			t.Fatalf("another /64: %d, want 404", code)
		}

		// A valid link with a long, invalid header still opens, and the
		// audit row names the proxy's own (valid) address.
		fc := assignFill(t, env, p, "support-map")
		fc.ip = strings.Repeat("x", 1000)
		if resp, body := fc.open(); resp.StatusCode != 303 {
			t.Fatalf("open with a long header: %d %s", resp.StatusCode, body)
		}
		fc.Client, fc.ip = env.NewClient(), "::ffff:203.0.113.9" // a new session is audited
		fc.mustOpen()
		evs, err := env.Store.AuditEvents(t.Context(), 200)
		if err != nil {
			t.Fatal(err)
		}
		sawMapped := false
		for _, e := range evs {
			a, err := netip.ParseAddr(e.IP)
			if e.IP != "" && (err != nil || a.String() != e.IP) {
				t.Errorf("audit %s IP %q is not a normalised address", e.Action, e.IP)
			}
			sawMapped = sawMapped || e.IP == "203.0.113.9"
		}
		if !sawMapped {
			t.Error("no audit row names 203.0.113.9 (the mapped address, normalised)")
		}
	})
}
