package e2e

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// TestFillEveryWorksheet fills every built-in worksheet completely through
// the page on a phone-sized screen, with JavaScript (autosave, rows added
// in place) and without it (plain posts), reloads half-way, submits, and
// checks that the practitioner sees exactly what was typed.
func TestFillEveryWorksheet(t *testing.T) {
	NeedBrowser(t)
	lib, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	type run struct {
		db  testenv.DB
		def *worksheets.Definition
		js  bool
	}
	var runs []run
	for _, js := range []bool{true, false} {
		for _, def := range lib {
			runs = append(runs, run{testenv.DB{Name: "sqlite"}, def, js})
		}
	}
	// On PostgreSQL (when configured) one worksheet each way is enough:
	// the handler tests cover the database; this covers the page.
	for _, db := range testenv.Databases(t)[1:] {
		for _, def := range lib {
			if def.Key == "support-map" || def.Key == "small-steps-followup" {
				runs = append(runs, run{db, def, def.Key == "small-steps-followup"})
			}
		}
	}
	for _, r := range runs {
		name := map[bool]string{true: "js", false: "nojs"}[r.js] + "/" + r.def.Key
		if r.db.Name != "sqlite" {
			name = r.db.Name + "/" + name
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			start := time.Now()
			fillOne(t, r.db, r.def, r.js)
			t.Logf("%s took %s", name, time.Since(start).Round(100*time.Millisecond))
		})
	}
}

func fillOne(t *testing.T, db testenv.DB, def *worksheets.Definition, js bool) {
	srv := NewServer(t, db)
	a := Assign(t, srv, srv.Env.NewPractitioner("Ada Lovelace", false), def.Key)
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{NoScript: !js})}

	pg.Go(a.Link)
	if loc := pg.Location(); loc != srv.URL+"/f" {
		t.Fatalf("the link led to %s", loc)
	}
	pg.ClickAndWait(`a.button[href="/f/form"]`)
	f := &filler{t: t, pg: pg, def: def, js: js, want: worksheets.Answers{}}

	var items []worksheets.Item
	for _, s := range def.Sections {
		items = append(items, s.Items...)
	}
	half := len(items) / 2
	for i, it := range items {
		f.item(it, "q-"+it.ID, f.want, nil)
		if i == half {
			reloadHalfWay(t, pg, a, f)
		}
	}
	// With JavaScript, wait for the autosave; a worksheet whose second half
	// was all hidden or information has nothing new to save after the reload.
	if js && fmt.Sprint(f.want) != f.atReload {
		waitSaved(t, pg, a, f.want)
	}
	pg.ClickAndWait("#send")
	if h1 := pg.Text("h1"); h1 != "Thank you" {
		t.Fatalf("after sending: %q at %s", h1, pg.Location())
	}
	crisis := len(def.EvaluateFlags(f.want)) > 0
	if shown := has(pg.Text("main"), "If you are in danger now"); shown != crisis {
		t.Errorf("crisis panel shown=%v, want %v", shown, crisis)
	}
	st := a.Stored(t)
	if st["status"] != "submitted" {
		t.Fatalf("status %v", st["status"])
	}
	if err := sameAnswers(st["answers"], f.want); err != nil {
		t.Fatal(err)
	}
}

// reloadHalfWay leaves the form half-way and comes back: with JavaScript
// after the autosave, without it through "Save and finish later".
func reloadHalfWay(t *testing.T, pg Page, a Assignment, f *filler) {
	t.Helper()
	f.atReload = fmt.Sprint(f.want)
	if f.js && len(f.want) == 0 {
		// Only information so far (an info-led handout): nothing to save.
		pg.Go(pg.Location())
		return
	}
	if f.js {
		waitSaved(t, pg, a, f.want)
		pg.Go(pg.Location())
	} else {
		pg.ClickAndWait("#save")
		if !has(pg.Text("main"), "Your answers are saved") {
			t.Fatal("no confirmation after saving")
		}
		pg.ClickAndWait(`a.button[href="/f/form"]`)
	}
	got := pageAnswers(t, pg, f.def)
	stored := a.Stored(t)["answers"]
	if err := sameAnswers(got, f.want); err != nil {
		t.Fatalf("the reloaded page: %v", err)
	}
	if err := sameAnswers(stored, f.want); err != nil {
		t.Fatalf("the saved draft: %v", err)
	}
}

// waitSaved waits until the autosave has stored want and says so.
func waitSaved(t *testing.T, pg Page, a Assignment, want worksheets.Answers) {
	t.Helper()
	Eventually(t, 45*time.Second, func() error {
		return sameAnswers(a.Stored(t)["answers"], want)
	})
	Eventually(t, 45*time.Second, func() error {
		s, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[string](`document.getElementById("save-status").textContent`))
		if err != nil || !has(s, "Saved ") {
			return errors.New("status: " + s)
		}
		return nil
	})
	pg.NoSideways("with the save status showing")
}
