package web_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// attack is a sign-in form posted from many addresses at once, each with
// the pre-session CSRF cookie and field of one page load.
type attack struct {
	env  *testenv.Env
	csrf string
}

// attackEach runs fn in parallel on every test database, with a fresh Tend
// that takes X-Forwarded-For as the client address, and an attack on it.
func attackEach(t *testing.T, fn func(t *testing.T, env *testenv.Env, a *attack)) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			attackOn(t, db, fn)
		})
	}
}

// attackOn runs fn on a fresh Tend over db (see attackEach).
func attackOn(t *testing.T, db testenv.DB, fn func(t *testing.T, env *testenv.Env, a *attack)) {
	env := testenv.New(t, db, behindProxy)
	_, body := newBrowser(env).do("GET", "/login", nil)
	fn(t, env, &attack{env: env, csrf: formToken(t, body)})
}

// post sends form to path from address ip (goroutine-safe: no t.Fatal);
// extra cookies (name=value) go along.
func (a *attack) post(path, ip string, form url.Values, cookies ...string) (int, http.Header, string) {
	form.Set("_csrf", a.csrf)
	req := httptest.NewRequest("POST", path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", ip)
	req.Header.Set("Cookie", strings.Join(append([]string{"tend_pre=" + a.csrf}, cookies...), "; "))
	resp, err := a.env.Tend.App.Test(req, -1)
	if err != nil {
		return 0, nil, err.Error()
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// parallel runs n posts at once (released together) and counts statuses.
func parallel(n int, post func(i int) (int, http.Header, string)) (map[int]int, []http.Header) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counts, headers := map[int]int{}, make([]http.Header, n)
	start := make(chan struct{})
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			st, h, _ := post(i)
			mu.Lock()
			counts[st]++
			headers[i] = h
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return counts, headers
}

// wantCeiling fails unless n sign-ins at once checked at most limit
// passwords (422) and refused the rest (429) before checking them. A
// check that found no hashing slot in time on a loaded machine answers 503
// and checks nothing (its reservation is given back): it counts with the
// checked ones, so the ceiling is never reached early either.
func wantCeiling(t *testing.T, what string, counts map[int]int, n, limit int) {
	t.Helper()
	if counts[422] > limit || counts[422]+counts[503] < limit || counts[422]+counts[429]+counts[503] != n {
		t.Fatalf("%s: want %d passwords checked (422, or 503 when no slot was free in time) and %d refused (429), got %v",
			what, limit, n-limit, counts)
	}
}

// TestLoginLimitHoldsInParallel: 100 wrong passwords for one account at
// once, each from its own address, check exactly the account's limit (10);
// the rest are refused with 429 before any password is checked.
func TestLoginLimitHoldsInParallel(t *testing.T) {
	attackEach(t, func(t *testing.T, env *testenv.Env, a *attack) {
		p := env.NewPractitioner("Target", false)
		counts, _ := parallel(100, func(i int) (int, http.Header, string) {
			return a.post("/login", fmt.Sprintf("198.51.100.%d", i+1), url.Values{"email": {p.Email}, "password": {"guess " + strconv.Itoa(i)}})
		})
		t.Logf("statuses: %v", counts)
		wantCeiling(t, "100 guesses at once", counts, 100, 10)
	})
}

// vmHWM is the process's peak resident memory in MiB (Linux), or -1.
// resetHWM returns garbage from earlier tests to the OS and restarts the
// peak-RSS count (Linux: clear_refs 5), so vmHWM measures this test's peak,
// not an earlier test's.
func resetHWM() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

func vmHWM() int {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return -1
	}
	for _, l := range strings.Split(string(b), "\n") {
		if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmHWM:" {
			kb, _ := strconv.Atoi(f[1])
			return kb / 1024
		}
	}
	return -1
}

// TestLoginHashingBounded: 200 sign-ins at once (different accounts and
// addresses, so no limit refuses them) never run more password checks at
// once than the bound; those that cannot get a slot in time get 503 with
// Retry-After, none a 500, and memory stays far under 300 MB. It measures
// the process's memory, so it runs alone: not in parallel with other tests,
// one database after the other.
func TestLoginHashingBounded(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { attackOn(t, db, hashingBounded) })
	}
}

func hashingBounded(t *testing.T, env *testenv.Env, a *attack) {
	{
		bound := 2 * runtime.NumCPU()
		// The wait is shorter than the default 2 s so that some requests
		// surely find no slot, whatever the machine's speed.
		env.Store.LimitPasswordChecks(bound, 100*time.Millisecond)
		resetHWM()
		counts, headers := parallel(200, func(i int) (int, http.Header, string) {
			return a.post("/login", fmt.Sprintf("203.0.113.%d", i%250+1),
				url.Values{"email": {fmt.Sprintf("nobody%d@example.org", i)}, "password": {"some password"}})
		})
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		peak := env.Store.PasswordChecksPeak()
		t.Logf("statuses %v; most checks at once %d (bound %d); peak RSS (VmHWM) %d MiB; Go heap from the OS %d MiB",
			counts, peak, bound, vmHWM(), ms.HeapSys>>20)
		if counts[503] == 0 || counts[422]+counts[503] != 200 {
			t.Fatalf("want only 422s and some 503s, got %v", counts)
		}
		if peak > int64(bound) || peak == 0 {
			t.Fatalf("%d password checks ran at once, the bound is %d", peak, bound)
		}
		n503 := 0
		for _, h := range headers {
			if h.Get("Retry-After") != "" {
				n503++
			}
		}
		if n503 != counts[503] {
			t.Fatalf("%d answers had Retry-After, %d were 503", n503, counts[503])
		}
		if rss := vmHWM(); rss > 300 {
			t.Fatalf("peak RSS %d MiB, want under 300", rss)
		}
	}
}

// deviceCookie is the known-device cookie a sign-in response set.
func deviceCookie(t *testing.T, h http.Header) string {
	t.Helper()
	for _, v := range h.Values("Set-Cookie") {
		if strings.HasPrefix(v, "tend_device=") {
			return strings.SplitN(v, ";", 2)[0]
		}
	}
	t.Fatalf("no known-device cookie set at sign-in: %v", h.Values("Set-Cookie"))
	return ""
}

// TestLoginKnownDeviceBypassesCeiling: an attacker who knows the email
// tries 50 wrong passwords from other addresses; the owner's browser that
// signed in before still signs in at once, while a browser without the
// device cookie meets the account's ceiling.
func TestLoginKnownDeviceBypassesCeiling(t *testing.T) {
	attackEach(t, func(t *testing.T, env *testenv.Env, a *attack) {
		p := env.NewPractitioner("Owner", false)
		right := func() url.Values { return url.Values{"email": {p.Email}, "password": {p.Password}} }
		st, h, body := a.post("/login", "192.0.2.10", right())
		if st != 303 {
			t.Fatalf("first sign-in: %d %s", st, body)
		}
		device := deviceCookie(t, h)
		forged := "tend_device=" + p.ID + ".AAAA"
		counts, _ := parallel(50, func(i int) (int, http.Header, string) {
			return a.post("/login", fmt.Sprintf("198.51.100.%d", i+1), url.Values{"email": {p.Email}, "password": {"guess " + strconv.Itoa(i)}}, forged)
		})
		wantCeiling(t, "attack with a forged device cookie", counts, 50, 10)
		// Without the cookie the owner waits, even with the right password.
		if st, h, body := a.post("/login", "192.0.2.20", right()); st != 429 || h.Get("Retry-After") == "" {
			t.Fatalf("owner on a new device: want 429 with Retry-After, got %d %s", st, body)
		}
		// With it, at once — and from a new address too.
		for _, ip := range []string{"192.0.2.10", "192.0.2.30"} {
			if st, _, body := a.post("/login", ip, right(), device); st != 303 {
				t.Fatalf("owner with the device cookie from %s: want 303, got %d %s", ip, st, body)
			}
		}
		// The cookie is bound to its account: it does not lift another's ceiling.
		q := env.NewPractitioner("Neighbour", false)
		for i := range 10 {
			a.post("/login", fmt.Sprintf("198.51.100.%d", 100+i), url.Values{"email": {q.Email}, "password": {"guess"}})
		}
		if st, _, _ := a.post("/login", "192.0.2.40", url.Values{"email": {q.Email}, "password": {q.Password}}, device); st != 429 {
			t.Fatalf("another account's device cookie lifted the ceiling: %d", st)
		}
	})
}

// TestLoginDelayGrowsPerAddress: wrong passwords from one address for one
// account make each next attempt wait longer (1 s, 2 s, 4 s …), while the
// same account from another address is not slowed.
func TestLoginDelayGrowsPerAddress(t *testing.T) {
	attackEach(t, func(t *testing.T, env *testenv.Env, a *attack) {
		p := env.NewPractitioner("Owner", false)
		wrong := func() url.Values { return url.Values{"email": {p.Email}, "password": {"wrong password"}} }
		for range 3 {
			if st, _, _ := a.post("/login", "198.51.100.7", wrong()); st != 422 {
				t.Fatalf("the first failures are not delayed: %d", st)
			}
		}
		last := 0
		for _, wait := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
			st, h, _ := a.post("/login", "198.51.100.7", wrong())
			after, _ := strconv.Atoi(h.Get("Retry-After"))
			if st != 429 || after <= last {
				t.Fatalf("want 429 with a growing Retry-After (last %d), got %d %q", last, st, h.Get("Retry-After"))
			}
			last = after
			env.Clock.Advance(wait)
			if st, _, _ := a.post("/login", "198.51.100.7", wrong()); st != 422 {
				t.Fatalf("after waiting %s the attempt is checked: got %d", wait, st)
			}
		}
		if st, _, body := a.post("/login", "198.51.100.8", url.Values{"email": {p.Email}, "password": {p.Password}}); st != 303 {
			t.Fatalf("another address is slowed too: %d %s", st, body)
		}
	})
}

// TestAccountPasswordCheckThrottled: guessing the current password on the
// account page (a stolen session) is throttled like sign-in.
func TestAccountPasswordCheckThrottled(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		_, body := w.web.Get("/account")
		tok := formToken(t, body)
		for i := range 4 {
			resp, body := w.web.PostForm("/account/tokens", url.Values{"_csrf": {tok}, "token_name": {"x"}, "token_password": {"guess " + strconv.Itoa(i)}})
			want := 422
			if i == 3 {
				want = 429
			}
			testenv.WantStatus(t, "guess "+strconv.Itoa(i), resp, body, want)
		}
		resp, body := w.web.PostForm("/account/password", url.Values{"_csrf": {tok}, "current_password": {w.p.Password},
			"new_password": {"a brand new passphrase"}, "confirm_password": {"a brand new passphrase"}})
		testenv.WantStatus(t, "change while throttled", resp, body, 429)
	})
}

// TestSetupOnceUnderParallelPosts: twelve posts of the setup form at once
// create exactly one admin; the others get the link-no-longer-valid page.
func TestSetupOnceUnderParallelPosts(t *testing.T) {
	attackEach(t, func(t *testing.T, env *testenv.Env, a *attack) {
		tok, err := env.Store.EnsureSetupToken(t.Context())
		if err != nil {
			t.Fatal(err)
		}
		counts, _ := parallel(12, func(i int) (int, http.Header, string) {
			return a.post("/setup/"+tok, "192.0.2.1", url.Values{"name": {"Admin " + strconv.Itoa(i)},
				"email": {fmt.Sprintf("admin%d@example.org", i)}, "password": {"a long enough password"}, "confirm": {"a long enough password"}})
		})
		n, _ := env.Store.PractitionerCount(t.Context())
		if n != 1 || counts[303] != 1 || counts[404] != 11 {
			t.Fatalf("want one admin (one 303, eleven 404), got %d accounts, statuses %v", n, counts)
		}
	})
}
