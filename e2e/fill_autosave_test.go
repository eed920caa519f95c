package e2e

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tend-health/tend/internal/testenv"
)

// openForm assigns key, opens its link in a new phone tab with JavaScript
// and goes to the form.
func openForm(t *testing.T, key string) (*Server, Assignment, Page) {
	t.Helper()
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	a := Assign(t, srv, srv.Env.NewPractitioner("Ada Lovelace", false), key)
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{})}
	pg.Go(a.Link)
	pg.ClickAndWait(`a.button[href="/f/form"]`)
	return srv, a, pg
}

// waitStatus waits until the save status says want.
func waitStatus(t *testing.T, pg Page, want string) {
	t.Helper()
	Eventually(t, 45*time.Second, func() error {
		s, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[string](`document.getElementById("save-status").textContent`))
		if err != nil || !has(s, want) {
			return fmt.Errorf("status %q, want %q (%v)", s, want, err)
		}
		return nil
	})
}

// waitStored waits until the practitioner sees answer v for item id.
func waitStored(t *testing.T, a Assignment, id string, v any) {
	t.Helper()
	Eventually(t, 45*time.Second, func() error {
		ans, _ := a.Stored(t)["answers"].(map[string]any)
		if err := sameAnswers(ans[id], v); err != nil {
			return fmt.Errorf("%s: %w", id, err)
		}
		return nil
	})
}

// TestFillAutosaveConflict: another device saved in between; the page
// pauses, overwrites nothing, and keeps its own version only when asked.
func TestFillAutosaveConflict(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	srv, a, pg := openForm(t, "weekly-connection-checkin")
	pg.Type("#q-week_notes", "from this page")
	waitStored(t, a, "week_notes", "from this page")
	waitStatus(t, pg, "Saved")

	// The phone saves through the client API with the current version.
	ans := map[string]any{"week_notes": "from the phone"}
	resp, body := srv.Env.API(linkToken(a.Link), "PUT", "/api/v1/fill/draft", map[string]any{"version": 1, "answers": ans})
	if resp.StatusCode != 200 {
		t.Fatalf("other device: %d %s", resp.StatusCode, body)
	}
	pg.Type("#q-week_notes", " and more")
	waitStatus(t, pg, "also changed in another window")
	time.Sleep(2500 * time.Millisecond) // no silent retry overwrites it meanwhile
	waitStored(t, a, "week_notes", "from the phone")

	pg.Do("keep this page", chromedp.Click(chromedp.Search(`//button[text()="Keep what is on this page"]`)))
	waitStored(t, a, "week_notes", "from this page and more")
	waitStatus(t, pg, "Saved")
}

// TestFillAutosaveOffline: saves that fail are retried with a calm message
// and succeed when the connection comes back.
func TestFillAutosaveOffline(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	_, a, pg := openForm(t, "weekly-connection-checkin")
	offline := func(off bool) {
		var rules []*network.Conditions
		if off {
			rules = []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}}
		}
		if _, err := chromedp.Call(pg.Ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules}); err != nil {
			t.Fatalf("network conditions: %v", err)
		}
	}
	if _, err := chromedp.Call(pg.Ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	offline(true)
	pg.Type("#q-week_notes", "written on the train")
	waitStatus(t, pg, "Not saved yet — we'll keep trying")
	if ans := a.Stored(t)["answers"]; ans != nil {
		t.Fatalf("saved while offline? %v", ans)
	}
	offline(false)
	waitStored(t, a, "week_notes", "written on the train")
	waitStatus(t, pg, "Saved")
}

// TestFillAutosaveRowsAndErrors: rows removed in place keep the others'
// answers, with Undo for 10 s when they hold words; an answer even a draft
// cannot hold is marked, then fixed.
func TestFillAutosaveRowsAndErrors(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	_, a, pg := openForm(t, "relational-timeline")
	pg.Do("add rows", chromedp.Click(chromedp.CSS("#q-moments-add")), chromedp.Click(chromedp.CSS("#q-moments-add")),
		chromedp.WaitVisible(chromedp.CSS("#q-moments-1-row")))
	pg.Keys("#q-moments-0-age", "150")
	pg.Type("#q-moments-0-who", "my first coach")
	pg.Type("#q-moments-1-who", "a school friend "+emoji)
	pg.Keys("#q-moments-1-who", kb.Enter) // Enter saves; it never posts the form
	waitStatus(t, pg, "Not saved — please check")
	msg := pg.Text("#q-moments-0-age-error")
	if !has(msg, "between 0 and 120") {
		t.Fatalf("inline message %q", msg)
	}
	pg.Keys("#q-moments-0-age", kb.End+kb.Backspace+kb.Backspace+kb.Backspace+"15")
	waitStored(t, a, "moments", []any{map[string]any{"age": 15, "who": "my first coach"}, map[string]any{"who": "a school friend " + emoji}})
	if n, _ := chromedp.Run(pg.Ctx, chromedp.Evaluate[int](`document.querySelectorAll(".field-error").length`)); n != 0 {
		t.Fatalf("%d messages left after the fix", n)
	}

	// Removing a row with words: hidden with Undo for 10 s; an autosave
	// meanwhile still stores the row; Undo brings it back as it was.
	both := []any{map[string]any{"age": 15, "who": "my first coach"}, map[string]any{"who": "a school friend " + emoji + "!"}}
	pg.Do("remove row 1", chromedp.Click(chromedp.CSS(`#q-moments-0-row button.remove-row`)))
	got, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[[]string](`[String(document.querySelector("#q-moments-0-row").hidden),
		document.activeElement.textContent, document.querySelector("#q-moments .undo-bar").textContent]`))
	if err != nil || got[0] != "true" || got[1] != "Undo" || !has(got[2], "Moment 1 removed.") {
		t.Fatalf("removing a row with words: %v %v", got, err)
	}
	pg.Type("#q-moments-1-who", "!")
	waitStored(t, a, "moments", both)
	pg.Do("undo", chromedp.Click(chromedp.CSS(`#q-moments .undo-bar button.undo`)))
	got, err = chromedp.Run(pg.Ctx, chromedp.Evaluate[[]string](`[String(document.querySelector("#q-moments-0-row").hidden),
		document.querySelector("#q-moments-0-who").value, document.querySelector("#q-moments-0-age").value,
		String(document.querySelectorAll("#q-moments .undo-bar").length), document.activeElement.id]`))
	if err != nil || got[0] != "false" || got[1] != "my first coach" || got[2] != "15" || got[3] != "0" || got[4] != "q-moments-0-age" {
		t.Fatalf("after Undo: %v %v", got, err)
	}
	if ans, _ := a.Stored(t)["answers"].(map[string]any); sameAnswers(ans["moments"], both) != nil {
		t.Fatalf("the removal was stored: %v", ans["moments"])
	}

	// Without Undo, the removal is stored once the 10 s are over.
	start := time.Now()
	pg.Do("remove row 1 again", chromedp.Click(chromedp.CSS(`#q-moments-0-row button.remove-row`)))
	waitStored(t, a, "moments", []any{map[string]any{"who": "a school friend " + emoji + "!"}})
	if d := time.Since(start); d < 9*time.Second {
		t.Fatalf("the removal was stored after %v, before Undo's 10 s were over", d)
	}
	got, err = chromedp.Run(pg.Ctx, chromedp.Evaluate[[]string](`[document.querySelector("#q-moments-0-who").name,
		document.querySelector("#q-moments-0-row legend").textContent, document.activeElement.id]`))
	if err != nil || got[0] != "moments[0].who" || got[1] != "Moment 1" || got[2] != "q-moments-add" {
		t.Fatalf("after removing: %v %v", got, err)
	}

	// A row with nothing in it goes at once, with no Undo.
	pg.Do("add and remove an empty row", chromedp.Click(chromedp.CSS("#q-moments-add")), chromedp.WaitVisible(chromedp.CSS("#q-moments-1-row")),
		chromedp.Click(chromedp.CSS(`#q-moments-1-row button.remove-row`)))
	if n, _ := chromedp.Run(pg.Ctx, chromedp.Evaluate[int](`document.querySelectorAll("#q-moments-1-row, #q-moments .undo-bar").length`)); n != 0 {
		t.Fatal("an empty row was not removed at once")
	}
	if loc := pg.Location(); !has(loc, "/f/form") {
		t.Fatalf("left the form: %s", loc)
	}
}

// TestFillAutosaveSessionEnded: after a long pause the page says plainly
// that it stopped saving, instead of pretending.
func TestFillAutosaveSessionEnded(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	srv, _, pg := openForm(t, "weekly-connection-checkin")
	srv.Env.Clock.Advance(2 * time.Hour)
	pg.Type("#q-week_notes", "after lunch")
	waitStatus(t, pg, "this page closed after a while")
}

func linkToken(link string) string {
	for i := len(link) - 1; i >= 0; i-- {
		if link[i] == '/' {
			return link[i+1:]
		}
	}
	panic(errors.New("no token in " + link))
}
