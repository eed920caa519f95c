package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tend-health/tend/internal/testenv"
)

// TestFillScreenshots writes PNGs of the client's pages at phone and
// desktop widths to $TEND_SCREENSHOT_DIR, for a person to look at:
//
//	TEND_TEST_BROWSER=1 TEND_SCREENSHOT_DIR=/tmp/fill-shots go test ./e2e -run Screenshots
func TestFillScreenshots(t *testing.T) {
	dir := os.Getenv("TEND_SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("set TEND_SCREENSHOT_DIR to write screenshots of the client pages")
	}
	NeedBrowser(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		name   string
		width  int64
		height int64
		js     bool
	}{{"phone", PhoneWidth, PhoneHeight, true}, {"desktop", DesktopWidth, DesktopHeight, true}, {"phone-nojs", PhoneWidth, PhoneHeight, false}} {
		t.Run(v.name, func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t, testenv.DB{Name: "sqlite"})
			p := srv.Env.NewPractitioner("Ada Lovelace", false)
			pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: v.width, Height: v.height, NoScript: !v.js})}
			shot := func(page string) {
				t.Helper()
				if err := os.WriteFile(filepath.Join(dir, v.name+"-"+page+".png"), pg.Screenshot(), 0o644); err != nil {
					t.Fatal(err)
				}
			}

			a := Assign(t, srv, p, "weekly-connection-checkin")
			pg.Go(a.Link)
			shot("1-start")
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			shot("2-form-empty")
			pg.ClickAndWait("#send") // "Did you ask anyone for help" is required
			shot("3-form-errors")
			pg.Keys("#q-stress", kb.ArrowRight+kb.ArrowRight)
			pg.Do("answer", chromedp.Click(chromedp.CSS("#q-asked_help-0")))
			pg.Type("#q-asked_help_story", "I asked my sister to pick up the kids. "+vietnamese+" "+emoji)
			pg.Do("answer", chromedp.Click(chromedp.CSS("#q-harm_thoughts-0")))
			if v.js {
				pg.Do("wait for the save", chromedp.Sleep(2600*time.Millisecond))
			}
			shot("4-form-filled")
			pg.ClickAndWait("#send")
			shot("5-done-crisis")
			pg.ClickAndWait(`a.button[href="/f/answers"]`)
			shot("6-answers")

			r := Assign(t, srv, p, "support-map")
			pg.Go(r.Link)
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			if v.js {
				pg.Do("add a row", chromedp.Click(chromedp.CSS("#q-people-add")), chromedp.WaitVisible(chromedp.CSS("#q-people-0-row")))
			} else {
				pg.ClickAndWait("#q-people-add")
			}
			pg.Type("#q-people-0-initials", "J.M.")
			pg.Do("choose", chromedp.Click(chromedp.CSS("#q-people-0-closeness-3")))
			shot("7-form-table")
			// Removing the row: Undo with JavaScript, "Put it back" without.
			if v.js {
				pg.Do("remove", chromedp.Click(chromedp.CSS(`#q-people-0-row button.remove-row`)), chromedp.WaitVisible(chromedp.CSS("#q-people .undo-bar")))
				shot("7b-form-row-undo")
			} else {
				pg.ClickAndWait(`#q-people-0-row button.remove-row`)
				shot("7b-form-row-put-back")
			}

			// The disk fills up (SQLite refuses to grow): the autosave says it
			// keeps trying, and Send comes back as typed, saying plainly that
			// nothing was saved yet.
			if err := srv.Env.Store.DB().Exec("PRAGMA max_page_count = 1").Error; err != nil {
				t.Fatal(err)
			}
			pg.Do("type a long answer", chromedp.SetValue("#q-ask_what", strings.Repeat("Ask Jo to water the garden. ", 600)))
			pg.Type("#q-ask_worry", "They might say no.")
			if v.js {
				pg.Do("wait for the failed save", chromedp.Sleep(2600*time.Millisecond))
				shot("9-autosave-not-saved")
			}
			pg.ClickAndWait("#send")
			shot("9-send-not-saved")
			if err := srv.Env.Store.DB().Exec("PRAGMA max_page_count = 1073741823").Error; err != nil {
				t.Fatal(err)
			}

			// Loneliness high alone: the thank-you page has the flag's own
			// words, not the crisis panel.
			m := Assign(t, srv, p, "weekly-connection-checkin")
			pg.Go(m.Link)
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			if v.js {
				pg.Keys("#q-loneliness", kb.End)
			} else {
				pg.Keys("#q-loneliness", "9")
			}
			pg.Do("answer", chromedp.Click(chromedp.CSS("#q-asked_help-1")), chromedp.Click(chromedp.CSS("#q-harm_thoughts-1")))
			pg.ClickAndWait("#send")
			shot("8-done-medium")

			// After TEND_ANSWERS_VISIBLE_FOR the link says only when they
			// were sent.
			srv.Env.Clock.Advance(73 * time.Hour)
			pg.Go(m.Link)
			shot("9-start-sent")
			pg.Go(srv.URL + "/f/answers")
			shot("9-copy-expired")

			// Reviewed: the link ends with the neutral page.
			if resp, body := p.API("POST", "/api/v1/assignments/"+m.ID+"/review", nil); resp.StatusCode != 204 {
				t.Fatalf("review: %d %s", resp.StatusCode, body)
			}
			pg.Go(m.Link)
			shot("10-link-reviewed")
			// A link opened from 20 browsers within the hour asks the 21st to wait.
			busy := Assign(t, srv, p, "support-map")
			for i := 0; i < 20; i++ {
				srv.Env.NewClient().Get(busy.Link[strings.Index(busy.Link, "/w/"):])
			}
			pg.Go(busy.Link)
			shot("10-link-busy")
		})
	}
}

// TestLibraryScreenshots writes each course worksheet's client form at
// phone width, empty, and the "Feeling overwhelmed?" page, to
// $TEND_SCREENSHOT_DIR as library-<key>.png, for a person to look at:
//
//	TEND_TEST_BROWSER=1 TEND_SCREENSHOT_DIR=/tmp/shots go test ./e2e -run LibraryScreenshots
func TestLibraryScreenshots(t *testing.T) {
	dir := os.Getenv("TEND_SCREENSHOT_DIR")
	if dir == "" {
		t.Skip("set TEND_SCREENSHOT_DIR to write screenshots of the course worksheets")
	}
	NeedBrowser(t)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	p := srv.Env.NewPractitioner("Ada Lovelace", false)
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: PhoneWidth, Height: PhoneHeight})}
	shot := func(name string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(dir, "library-"+name+".png"), pg.Screenshot(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, key := range []string{"healthy-independence", "what-doing-it-alone-does", "connection-values", "help-seeking-origins",
		"relational-timeline", "always-on-guard", "support-map", "trust-with-what", "asking-ladder", "asking-receiving-no",
		"small-steps-experiment", "small-steps-followup", "letting-partner-in", "safety-plan", "looking-back"} {
		a := Assign(t, srv, p, key)
		pg.Go(a.Link)
		pg.ClickAndWait(`a.button[href="/f/form"]`)
		shot(key)
	}
	// A first row of each table, added the no-JS way (a post and a
	// reload), so nothing waits to be saved when the page is left.
	pg = Page{T: t, Ctx: NewTab(t, TabOptions{Width: PhoneWidth, Height: PhoneHeight, NoScript: true})}
	for key, table := range map[string]string{"relational-timeline": "moments", "support-map": "people", "asking-ladder": "rungs"} {
		a := Assign(t, srv, p, key)
		pg.Go(a.Link)
		pg.ClickAndWait(`a.button[href="/f/form"]`)
		pg.ClickAndWait("#q-" + table + "-add")
		shot(key + "-row")
	}
	pg.Go(srv.URL + "/calm")
	shot("calm")
}
