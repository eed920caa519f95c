package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
)

// homeFixture is a client with two open worksheets (the weekly check-in
// and the support map) and their own page on, made through the API.
type homeFixture struct {
	P        *testenv.Practitioner
	ClientID string
	Sheets   []string // assignment ids, in that order
	Link     string   // the client's own page, on the test server
}

func newHomeFixture(t *testing.T, srv *Server) homeFixture {
	t.Helper()
	p := srv.Env.NewPractitioner("Ada Lovelace", false)
	resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Sam K."})
	testenv.WantStatus(t, "client", resp, body, 201)
	f := homeFixture{P: p, ClientID: testenv.JSON(t, body)["id"].(string)}
	resp, body = p.API("POST", "/api/v1/clients/"+f.ClientID+"/assignments", map[string]any{
		"worksheet_keys": []string{"weekly-connection-checkin", "support-map"}, "due_on": "2026-11-09",
		"instructions": "One this week, one next."})
	testenv.WantStatus(t, "assign two", resp, body, 201)
	for _, a := range testenv.JSON(t, body)["data"].([]any) {
		f.Sheets = append(f.Sheets, a.(map[string]any)["id"].(string))
	}
	resp, body = p.API("POST", "/api/v1/clients/"+f.ClientID+"/home-link", nil)
	testenv.WantStatus(t, "home link", resp, body, 201)
	f.Link = srv.Local(testenv.JSON(t, body)["link"].(string))
	return f
}

// enterSel is the Start/Continue (or "See your answers") button of one
// assignment on the client's own page.
func enterSel(id string) string { return `form:has(input[value="` + id + `"]) button[type=submit]` }

// TestClientHomePage: on a phone, with JavaScript and without, a client
// opens their own page, sees both open worksheets, fills one in and sends
// it, and comes back later through the same link to find the other one
// still to do and the sent one listed with its date.
func TestClientHomePage(t *testing.T) {
	NeedBrowser(t)
	type run struct {
		db testenv.DB
		js bool
	}
	runs := []run{{testenv.DB{Name: "sqlite"}, true}, {testenv.DB{Name: "sqlite"}, false}}
	for _, db := range testenv.Databases(t)[1:] {
		runs = append(runs, run{db, false})
	}
	for _, r := range runs {
		name := r.db.Name + "/" + map[bool]string{true: "js", false: "nojs"}[r.js]
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t, r.db)
			f := newHomeFixture(t, srv)
			pg := Page{T: t, Ctx: NewTab(t, TabOptions{NoScript: !r.js})}
			pg.Go(f.Link)
			if loc := pg.Location(); loc != srv.URL+"/c" {
				t.Fatalf("the link led to %s, want the token-free /c", loc)
			}
			list := pg.Text("main")
			for _, want := range []string{"Weekly connection check-in", "My support map", "Please send by Monday 9 November 2026", "Not started"} {
				if !strings.Contains(list, want) {
					t.Errorf("the page lacks %q:\n%s", want, list)
				}
			}
			if r.js {
				pg.CheckAxe("client home page")
			} else {
				pg.NoSideways("client home page")
			}

			pg.ClickAndWait(enterSel(f.Sheets[0]))
			if loc := pg.Location(); loc != srv.URL+"/f" {
				t.Fatalf("Start led to %s", loc)
			}
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			pg.Type("#q-week_notes", "walked by the river")
			pg.Do("answer", chromedp.Click(chromedp.CSS("#q-asked_help-1")), chromedp.Click(chromedp.CSS("#q-harm_thoughts-1")))
			pg.ClickAndWait("#send")
			if !strings.Contains(pg.Text("h1"), "Thank you") {
				t.Fatalf("not sent: %s", pg.Text("main"))
			}
			pg.ClickAndWait(`a.button[href="/c"]`)

			// Later: the page's session has closed; the same link opens it again.
			srv.Env.Clock.Advance(3 * time.Hour)
			pg.Go(f.Link)
			list = pg.Text("main")
			todo, sent := pg.Text(`section[aria-labelledby="open-title"]`), pg.Text(`section[aria-labelledby="sent-title"]`)
			if !strings.Contains(todo, "My support map") || strings.Contains(todo, "Weekly connection check-in") {
				t.Errorf("to do should hold only the support map:\n%s", todo)
			}
			if !strings.Contains(sent, "Weekly connection check-in") || !strings.Contains(sent, "Sent on Monday 2 November 2026") {
				t.Errorf("the sent check-in with its date is missing:\n%s", sent)
			}
			if strings.Contains(list, "walked by the river") {
				t.Error("the page shows answers; it should show dates only")
			}
			if r.js {
				pg.CheckAxe("client home page, later")
			}
			pg.ClickAndWait(enterSel(f.Sheets[1]))
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			if !strings.Contains(pg.Text("h1"), "support map") {
				t.Fatalf("the other worksheet did not open: %s", pg.Text("h1"))
			}
		})
	}
}

// TestHomeScreenshots writes PNGs of the assign page, the client page's
// own-page section, the link card and the client's own page at phone and
// desktop widths to $TEND_SCREENSHOT_DIR, for a person to look at.
func TestHomeScreenshots(t *testing.T) {
	dir := os.Getenv("TEND_SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("set TEND_SCREENSHOT_DIR to write screenshots of the client's own page")
	}
	NeedBrowser(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name          string
		width, height int64
	}{{"phone", PhoneWidth, PhoneHeight}, {"desktop", DesktopWidth, DesktopHeight}} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t, testenv.DB{Name: "sqlite"})
			f := newHomeFixture(t, srv)
			shot := func(pg Page, page string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(dir, "home-"+v.name+"-"+page+".png"), pg.Screenshot(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			// The client: one draft, one sent.
			cl := Page{T: t, Ctx: NewTab(t, TabOptions{Width: v.width, Height: v.height})}
			cl.Go(f.Link)
			shot(cl, "1-client-open")
			cl.ClickAndWait(enterSel(f.Sheets[0]))
			cl.ClickAndWait(`a.button[href="/f/form"]`)
			cl.Do("answer", chromedp.Click(chromedp.CSS("#q-asked_help-1")), chromedp.Click(chromedp.CSS("#q-harm_thoughts-1")))
			cl.ClickAndWait("#send")
			shot(cl, "2-client-done")
			cl.ClickAndWait(`a.button[href="/c"]`)
			cl.ClickAndWait(enterSel(f.Sheets[1]))
			cl.ClickAndWait(`a.button[href="/f/form"]`)
			cl.Type("#q-ask_what", "Water the garden")
			cl.ClickAndWait("#save")
			cl.Go(srv.URL + "/c")
			shot(cl, "3-client-later")
			srv.Env.Store.RevokeHomeLink(t.Context(), f.P.ID, f.ClientID)
			cl.Go(f.Link)
			shot(cl, "4-client-revoked")

			pr := prSignIn(t, srv, f.P, v.width, v.height)
			pr.Go(srv.URL + "/clients/" + f.ClientID + "/assign")
			shot(pr, "5-assign")
			pr.Do("tick two", chromedp.Click(chromedp.CSS("#ws-support-map")), chromedp.Click(chromedp.CSS("#ws-delegation-at-work")))
			pr.ClickAndWait(`form[action$="/assign"] button[type=submit]`)
			shot(pr, "5b-assigned")
			pr.Go(srv.URL + "/clients/" + f.ClientID + "#home")
			shot(pr, "6-client-page-off")
			pr.ClickAndWait(`form[action$="/home-link"] button`)
			shot(pr, "7-home-link-card")
			pr.Go(srv.URL + "/clients/" + f.ClientID + "#home")
			shot(pr, "8-client-page-on")
		})
	}
}

// TestHomeCardPrints: printing the page that shows a client's new own-page
// link prints only the card (its heading, QR code and words), none of the
// practitioner's page around it and not the link in words.
func TestHomeCardPrints(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	p := srv.Env.NewPractitioner("Ada Lovelace", false)
	resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Sam K."})
	testenv.WantStatus(t, "client", resp, body, 201)
	cid := testenv.JSON(t, body)["id"].(string)
	pr := prSignIn(t, srv, p, DesktopWidth, DesktopHeight)
	pr.Go(srv.URL + "/clients/" + cid + "#home")
	pr.ClickAndWait(`form[action$="/home-link"] button`)
	res, err := chromedp.Call(pr.Ctx, page.PrintToPDF, page.PrintToPDFParams{})
	if err != nil {
		t.Fatalf("print: %v", err)
	}
	pdf := res.Data
	if dir := os.Getenv("TEND_SCREENSHOT_DIR"); dir != "" {
		os.MkdirAll(dir, 0o755)
		os.WriteFile(filepath.Join(dir, "home-card-print.pdf"), pdf, 0o644)
	}
	text := testenv.PDFText(t, pdf)
	if !strings.Contains(text, "Your worksheets") || !strings.Contains(text, "Keep this card private") || !strings.Contains(text, "From Ada Lovelace") {
		t.Errorf("the printed card lacks its words: %q", text)
	}
	for _, not := range []string{"Sign out", "Copy, print or show", "Print the card", "tend.test/c/", "127.0.0.1"} {
		if strings.Contains(text, not) {
			t.Errorf("the print has %q: only the card should print: %q", not, text)
		}
	}
}
