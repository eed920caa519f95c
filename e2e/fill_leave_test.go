package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
)

// TestLeaveThisPage: "Leave this page" opens the neutral site. With
// JavaScript (leave.js under the strict CSP, no inline script) it replaces
// the page in the history, so Back does not return to the worksheet;
// without JavaScript it is a plain link and the page says it does not
// clear the history.
func TestLeaveThisPage(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	neutral := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "<!doctype html><title>Weather</title><p>Sunny spells.</p>")
	}))
	t.Cleanup(neutral.Close)
	srv := NewServer(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) { c.LeaveURL = neutral.URL + "/weather" })
	p := srv.Env.NewPractitioner("Ada Lovelace", false)
	for _, js := range []bool{true, false} {
		a := Assign(t, srv, p, "weekly-connection-checkin")
		pg := Page{T: t, Ctx: NewTab(t, TabOptions{NoScript: !js})}
		pg.Go(a.Link)
		pg.ClickAndWait(`a.button[href="/f/form"]`)
		note, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[string](`getComputedStyle(document.querySelector(".leave-note")).display`))
		if err != nil || (note == "none") != js {
			t.Fatalf("js=%v: the no-JavaScript history note's display is %q (%v)", js, note, err)
		}
		before, _ := chromedp.Run(pg.Ctx, chromedp.Evaluate[int](`history.length`))
		pg.Do("leave", chromedp.Click(chromedp.CSS("#leave")))
		Eventually(t, 20*time.Second, func() error {
			if loc := pg.Location(); loc != neutral.URL+"/weather" {
				return fmt.Errorf("js=%v: at %s", js, loc)
			}
			return nil
		})
		after, _ := chromedp.Run(pg.Ctx, chromedp.Evaluate[int](`history.length`))
		if js != (after == before) {
			t.Fatalf("js=%v: history length %d before leaving, %d after", js, before, after)
		}
		if js {
			pg.Do("back", chromedp.NavigateBack())
			if loc := pg.Location(); loc == srv.URL+"/f/form" {
				t.Fatal("Back returned to the worksheet after leaving with JavaScript")
			}
		}
	}
}
