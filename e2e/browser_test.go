package e2e

// Shared browser-test helpers: a real Tend server on 127.0.0.1 and a
// headless Chromium with isolated tabs. Other browser tests in this package
// reuse them (StartServer, NewTab, Go, Page).

import (
	"context"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
)

// chromiumPath is Debian's chromium, which CI installs.
const chromiumPath = "/usr/bin/chromium"

// Phone and desktop viewports.
const (
	PhoneWidth, PhoneHeight     = 375, 812
	DesktopWidth, DesktopHeight = 1280, 900
)

// NeedBrowser skips the test unless browser tests are asked for.
func NeedBrowser(t testing.TB) {
	t.Helper()
	if os.Getenv("TEND_TEST_BROWSER") != "1" {
		t.Skip("set TEND_TEST_BROWSER=1 to run browser tests (needs chromium)")
	}
}

// Server is Tend listening on a real port, for a browser to reach.
type Server struct {
	URL string // "http://127.0.0.1:port"
	Env *testenv.Env
}

// StartServer serves env's app on 127.0.0.1:0 until the test ends.
func StartServer(t testing.TB, env *testenv.Env) *Server {
	t.Helper()
	return &Server{URL: env.Serve(), Env: env}
}

// NewServer starts a fresh Tend on db and serves it.
func NewServer(t testing.TB, db testenv.DB, opts ...testenv.Option) *Server {
	t.Helper()
	return StartServer(t, testenv.New(t, db, opts...))
}

// Local turns an absolute link Tend issued (http://tend.test/w/…) into
// the same path on this server.
func (s *Server) Local(link string) string {
	if i := strings.Index(link, "://"); i >= 0 {
		if j := strings.IndexByte(link[i+3:], '/'); j >= 0 {
			return s.URL + link[i+3+j:]
		}
	}
	return s.URL + link
}

// browser is one Chromium for the whole test binary; each tab gets its own
// browser context (cookies, storage), so tests stay isolated.
var browser struct {
	once   sync.Once
	ctx    context.Context
	cancel context.CancelFunc
	err    error
}

func startBrowser() {
	dir, err := os.MkdirTemp("", "tend-chromium-")
	if err != nil {
		browser.err = err
		return
	}
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(chromiumPath),
		chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.Env("TZ=UTC"),
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	browser.ctx = ctx
	browser.cancel = func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
	}
	// Start the browser with no deadline: its life is the test binary's.
	browser.err = chromedp.Do(ctx)
}

// TestMain stops the shared browser after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	if browser.cancel != nil {
		browser.cancel()
	}
	os.Exit(code)
}

// TabOptions change a new tab.
type TabOptions struct {
	Width, Height int64 // default: the phone viewport
	NoScript      bool  // JavaScript disabled, as for a client without it
	Timeout       time.Duration
}

// NewTab opens an isolated tab (its own cookies) in the shared browser,
// closed when the test ends. It skips the test unless TEND_TEST_BROWSER=1.
func NewTab(t testing.TB, o TabOptions) context.Context {
	t.Helper()
	NeedBrowser(t)
	browser.once.Do(startBrowser)
	if browser.err != nil {
		t.Fatalf("start chromium: %v", browser.err)
	}
	if o.Width == 0 {
		o.Width, o.Height = PhoneWidth, PhoneHeight
	}
	if o.Timeout == 0 {
		o.Timeout = 4 * time.Minute // a guard against hangs, not a speed check: CI runs packages side by side
	}
	tab, cancelTab := chromedp.NewContext(browser.ctx, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(tab); err != nil {
		cancelTab()
		t.Fatalf("open tab: %v", err)
	}
	ctx, cancel := context.WithTimeout(tab, o.Timeout)
	t.Cleanup(func() { cancel(); cancelTab() })
	viewport := []chromedp.EmulateViewportOption{}
	if o.Width < 800 {
		viewport = append(viewport, chromedp.EmulateMobile)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(o.Width, o.Height, viewport...)); err != nil {
		t.Fatalf("viewport: %v", err)
	}
	if o.NoScript {
		if _, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatalf("disable scripts: %v", err)
		}
	}
	return ctx
}

// Page wraps a tab with short helpers that fail the test on error.
type Page struct {
	T   testing.TB
	Ctx context.Context
}

// Do runs actions in order.
func (p Page) Do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.T.Helper()
	if err := chromedp.Do(p.Ctx, actions...); err != nil {
		p.T.Fatalf("%s: %v", what, err)
	}
}

// Go navigates and waits for the page to load.
func (p Page) Go(url string) {
	p.T.Helper()
	p.Do("navigate "+url, chromedp.Navigate(url))
}

// ClickAndWait clicks something that loads a new page (a link or a form
// button) and waits for that page.
func (p Page) ClickAndWait(sel string) {
	p.T.Helper()
	if _, err := chromedp.RunResponse(p.Ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
		p.T.Fatalf("click %s: %v", sel, err)
	}
}

// Type focuses a field and inserts text as a keyboard or an input method
// would (any Unicode, new lines included); the page sees input events.
func (p Page) Type(sel, text string) {
	p.T.Helper()
	p.Do("focus "+sel, chromedp.Focus(chromedp.CSS(sel)))
	if _, err := chromedp.Call(p.Ctx, input.InsertText, input.InsertTextParams{Text: text}); err != nil {
		p.T.Fatalf("type into %s: %v", sel, err)
	}
}

// Keys sends key presses (digits, chromedp/kb keys) to a field.
func (p Page) Keys(sel, keys string) {
	p.T.Helper()
	p.Do("keys "+sel, chromedp.SendKeys(chromedp.CSS(sel), keys))
}

// Text returns the visible text of the first match.
func (p Page) Text(sel string) string {
	p.T.Helper()
	s, err := chromedp.Run(p.Ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		p.T.Fatalf("text of %s: %v", sel, err)
	}
	return s
}

// Location is the current URL.
func (p Page) Location() string {
	p.T.Helper()
	s, err := chromedp.Run(p.Ctx, chromedp.Location())
	if err != nil {
		p.T.Fatal(err)
	}
	return s
}

// Screenshot returns a PNG of the whole page.
func (p Page) Screenshot() []byte {
	p.T.Helper()
	b, err := chromedp.Run(p.Ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.T.Fatal(err)
	}
	return b
}

// Eventually polls check until it returns nil or the timeout passes.
func Eventually(t testing.TB, timeout time.Duration, check func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		err := check()
		if err == nil {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("gave up after %s: %v", timeout, err)
		}
		time.Sleep(150 * time.Millisecond)
	}
}
