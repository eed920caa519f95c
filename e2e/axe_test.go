package e2e

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
)

// AxeViolation is one rule axe-core found broken on a page.
type AxeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// Axe injects the vendored axe-core (same origin, so the CSP allows it)
// into the page and returns its violations.
func (p Page) Axe() []AxeViolation {
	p.T.Helper()
	const run = `new Promise(function (resolve, reject) {
		function go() {
			axe.run(document, { resultTypes: ["violations"] }).then(function (r) {
				resolve(JSON.stringify(r.violations.map(function (v) {
					return { id: v.id, impact: v.impact || "", help: v.help,
						nodes: v.nodes.slice(0, 5).map(function (n) { return n.target.join(" "); }) };
				})));
			}, reject);
		}
		if (window.axe) return go();
		var s = document.createElement("script");
		s.src = "/static/vendor/axe.min.js";
		s.onload = go;
		s.onerror = function () { reject(new Error("axe.min.js did not load")); };
		document.head.appendChild(s);
	})`
	out, err := chromedp.Run(p.Ctx, chromedp.Evaluate[string](run, chromedp.EvalAwaitPromise))
	if err != nil {
		p.T.Fatalf("axe: %v", err)
	}
	var vs []AxeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		p.T.Fatalf("axe result: %v", err)
	}
	return vs
}

// CheckAxe fails on serious and critical violations and logs the rest;
// it also fails when the page scrolls sideways.
func (p Page) CheckAxe(name string) {
	p.T.Helper()
	p.NoSideways(name)
	for _, v := range p.Axe() {
		if v.Impact == "serious" || v.Impact == "critical" {
			p.T.Errorf("%s: %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
		} else {
			p.T.Logf("%s: %s (%s): %s at %s", name, v.ID, v.Impact, v.Help, strings.Join(v.Nodes, ", "))
		}
	}
}

// NoSideways fails the test when the page is wider than the screen.
func (p Page) NoSideways(name string) {
	p.T.Helper()
	w, err := chromedp.Run(p.Ctx, chromedp.Evaluate[[]int](`[document.documentElement.scrollWidth, document.documentElement.clientWidth]`))
	if err != nil || w[0] > w[1] {
		p.T.Errorf("%s: the page scrolls sideways: %v %v", name, w, err)
	}
}

// TestFillAccessibility runs axe-core on the client's pages: start, form
// (with table rows and show_if items revealed), the error summary, the
// thank-you page with the crisis panel, the read-only copy and the page for
// a dead link, at 320 and 375 pixels wide and on a desktop.
func TestFillAccessibility(t *testing.T) {
	NeedBrowser(t)
	for _, width := range []int64{320, PhoneWidth, DesktopWidth} {
		t.Run(map[int64]string{320: "small-phone", PhoneWidth: "phone", DesktopWidth: "desktop"}[width], func(t *testing.T) {
			t.Parallel()
			srv := NewServer(t, testenv.DB{Name: "sqlite"})
			p := srv.Env.NewPractitioner("Ada Lovelace", false)
			pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: width, Height: 900})}

			pg.Go(srv.URL + "/w/no-such-link")
			pg.CheckAxe("dead link")

			for _, key := range []string{"support-map", "small-steps-followup", "self-reliance-checkin"} {
				a := Assign(t, srv, p, key)
				pg.Go(a.Link)
				pg.CheckAxe(key + " start")
				pg.ClickAndWait(`a.button[href="/f/form"]`)
				pg.CheckAxe(key + " form")
			}
			// The last form: reveal show_if items and add a row elsewhere.
			a := Assign(t, srv, p, "support-map")
			pg.Go(a.Link)
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			pg.Do("add rows", chromedp.Click(chromedp.CSS("#q-people-add")), chromedp.Click(chromedp.CSS("#q-people-add")),
				chromedp.WaitVisible(chromedp.CSS("#q-people-1-row")))
			pg.CheckAxe("form with rows")
			pg.Type("#q-people-0-initials", "J.M.")
			pg.Do("remove a row with words", chromedp.Click(chromedp.CSS(`#q-people-0-row button.remove-row`)),
				chromedp.WaitVisible(chromedp.CSS("#q-people .undo-bar")))
			pg.CheckAxe("form with a removed row's Undo")
			pg.ClickAndWait("#send") // nothing is required on the map: it is sent
			if !has(pg.Text("main"), "Thank you") {
				t.Fatal("the empty map was not sent")
			}

			w := Assign(t, srv, p, "weekly-connection-checkin")
			pg.Go(w.Link)
			pg.ClickAndWait(`a.button[href="/f/form"]`)
			pg.ClickAndWait("#send") // the required question is empty
			if !has(pg.Text("#error-summary"), "a look before you send") {
				t.Fatal("no error summary")
			}
			pg.CheckAxe("error summary")
			pg.Do("answer", chromedp.Click(chromedp.CSS("#q-asked_help-0")), chromedp.Click(chromedp.CSS("#q-harm_thoughts-0")),
				chromedp.WaitVisible(chromedp.CSS("#q-asked_help_story")))
			pg.CheckAxe("form with a revealed item")
			pg.ClickAndWait("#send")
			if !has(pg.Text("main"), "If you are in danger now") {
				t.Fatal("no crisis panel")
			}
			pg.CheckAxe("thank-you with crisis panel")
			pg.ClickAndWait(`a.button[href="/f/answers"]`)
			pg.CheckAxe("read-only answers")
			srv.Env.Clock.Advance(73 * time.Hour)
			pg.Go(w.Link)
			pg.Go(srv.URL + "/f/answers")
			pg.CheckAxe("copy expired")
		})
	}
}
