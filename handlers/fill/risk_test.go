package fill_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// eachDB runs fn on every test database, side by side.
func eachDB(t *testing.T, fn func(t *testing.T, db testenv.DB)) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) { t.Parallel(); fn(t, db) })
	}
}

// flagsOf is the practitioner API's flags of the assignment.
func (fc *fillClient) flagsOf() []map[string]any {
	fc.t.Helper()
	var out []map[string]any
	for _, f := range fc.stored()["flags"].([]any) {
		out = append(out, f.(map[string]any))
	}
	return out
}

// TestDraftRaisesFlag: a "yes" to the safety question reaches the
// practitioner as soon as it is autosaved (source "draft", on Today),
// autosaving again makes no second flag, changing it back withdraws it
// (still shown, muted), and submitting turns it into a submitted flag.
func TestDraftRaisesFlag(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		fc.mustOpen()
		web := fc.p.Web()
		version := 0
		save := func(ans map[string]any) {
			t.Helper()
			resp, body := fc.putDraft(version, ans)
			testenv.WantStatus(t, "autosave", resp, body, 200)
			version = int(testenv.JSON(t, body)["version"].(float64))
		}
		save(map[string]any{"stress": 4.0, "harm_thoughts": true})
		flags := fc.flagsOf()
		if len(flags) != 1 || flags[0]["rule"] != "safety" || flags[0]["severity"] != "high" || flags[0]["source"] != "draft" || flags[0]["withdrawn_at"] != nil {
			t.Fatalf("after a draft yes: %v", flags)
		}
		id := flags[0]["id"]
		_, body := web.Get("/")
		if !strings.Contains(body, "Flagged answers") || !strings.Contains(body, "In answers not yet sent") || !strings.Contains(body, "self-harm") {
			t.Fatalf("Today does not show the draft flag:\n%s", body)
		}
		_, body = web.Get("/assignments/" + fc.assignment)
		if !strings.Contains(body, "In answers not yet sent") || !strings.Contains(body, "Flags to follow up") {
			t.Fatal("the review page does not show the draft flag")
		}

		for i := 0; i < 20; i++ {
			save(map[string]any{"stress": float64(i % 10), "harm_thoughts": true})
		}
		if flags = fc.flagsOf(); len(flags) != 1 || flags[0]["id"] != id {
			t.Fatalf("20 autosaves made %d flags: %v", len(flags), flags)
		}

		save(map[string]any{"stress": 4.0, "harm_thoughts": false})
		flags = fc.flagsOf()
		if len(flags) != 1 || flags[0]["id"] != id || flags[0]["withdrawn_at"] == nil {
			t.Fatalf("changed back: %v", flags)
		}
		_, body = web.Get("/")
		if !regexp.MustCompile(`<li class="withdrawn">[\s\S]*Withdrawn 2 Nov 2026, \d\d:\d\d: the client changed this answer before sending`).MatchString(body) {
			t.Fatalf("Today does not show the flag as withdrawn:\n%s", body)
		}

		save(map[string]any{"stress": 4.0, "harm_thoughts": true, "loneliness": 9.0})
		flags = fc.flagsOf()
		if len(flags) != 2 || flags[0]["id"] != id || flags[0]["withdrawn_at"] != nil || flags[1]["rule"] != "lonely_high" {
			t.Fatalf("yes again: %v", flags)
		}

		// Submit yes but loneliness 2: safety becomes submitted, the
		// loneliness flag (only in the draft) is withdrawn.
		final := map[string]any{"stress": 4.0, "loneliness": 2.0, "asked_help": false, "harm_thoughts": true}
		resp, body := fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": final})
		testenv.WantStatus(t, "submit", resp, body, 200)
		flags = fc.flagsOf()
		if len(flags) != 2 || flags[0]["id"] != id || flags[0]["source"] != "submitted" || flags[0]["withdrawn_at"] != nil ||
			flags[1]["source"] != "draft" || flags[1]["withdrawn_at"] == nil {
			t.Fatalf("after submit: %v", flags)
		}
		// Each raise and withdrawal is in the audit log, naming the client's
		// link session: safety raised, withdrawn, raised again with
		// loneliness, and loneliness withdrawn by the submission.
		evs, err := fc.env.Store.AuditEvents(t.Context(), 1000)
		if err != nil {
			t.Fatal(err)
		}
		count := map[string]int{}
		for _, e := range evs {
			if e.ObjectType == "flag" && e.ActorType == "client" {
				count[e.Action]++
			}
		}
		if count["flag.raise"] != 3 || count["flag.withdraw"] != 2 {
			t.Fatalf("flag audit events by the client: %v", count)
		}
	})
}

// doneAfter submits answers from the form and returns the thank-you page.
func doneAfter(t *testing.T, db testenv.DB, answers url.Values) string {
	t.Helper()
	fc := newFill(t, db, "weekly-connection-checkin")
	page := fc.mustOpen()
	form := formBase(page)
	for k, v := range answers {
		form[k] = v
	}
	resp, body := fc.post("/f/submit", form)
	if resp.StatusCode != 303 || resp.Header.Get("Location") != "/f/done" {
		t.Fatalf("submit: %d %s", resp.StatusCode, body)
	}
	_, body = fc.get("/f/done")
	return body
}

// TestDonePageMatchesSeverity: high → the crisis panel with tel: links
// (its heading not repeated as its first sentence); medium alone → the
// flag's own words, nothing about danger; low or none → neither.
func TestDonePageMatchesSeverity(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		high := doneAfter(t, db, url.Values{"asked_help": {"no"}, "harm_thoughts": {"yes"}, "loneliness": {"9"}})
		for _, want := range []string{`<section class="crisis"`, `<h2 id="crisis-title">Getting help today</h2>`,
			`<a href="tel:112">112</a>`, `<a href="tel:999">999</a>`, `href="https://findahelpline.com"`} {
			if !strings.Contains(high, want) {
				t.Errorf("high: the done page lacks %q", want)
			}
		}
		if strings.Contains(high, "It sounds like this week has felt lonely") || strings.Contains(high, "follow up before the next session") {
			t.Error("high: the page shows the medium note or a message meant for the practitioner")
		}
		if m := regexp.MustCompile(`<h2 id="crisis-title">([^<]*)</h2>\s*<p>([^<]*)`).FindStringSubmatch(high); m == nil || strings.HasPrefix(m[2], m[1]) {
			t.Errorf("the panel's heading is repeated as its first sentence: %q", m)
		}

		medium := doneAfter(t, db, url.Values{"asked_help": {"no"}, "harm_thoughts": {"no"}, "loneliness": {"9"}})
		if !strings.Contains(medium, "It sounds like this week has felt lonely") {
			t.Error("medium: the loneliness flag's words to the client are missing")
		}
		for _, never := range []string{"If you are in danger now", "danger", `class="crisis"`, "tel:", "emergency", "isolation and support"} {
			if strings.Contains(medium, never) {
				t.Errorf("medium: the done page shows %q", never)
			}
		}

		none := doneAfter(t, db, url.Values{"asked_help": {"yes"}, "loneliness": {"3"}})
		for _, never := range []string{"danger", `class="crisis"`, "tel:", "It sounds like", "support-note"} {
			if strings.Contains(none, never) {
				t.Errorf("no flag: the done page shows %q", never)
			}
		}
	})
}

// TestCrisisHelpWithoutJS: without JavaScript the help comes from the
// server on the next page after a save (start page, form), from the stored
// draft; the form always carries the high rules' conditions for fill.js,
// never the flag messages.
func TestCrisisHelpWithoutJS(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		page := fc.mustOpen()
		panel := regexp.MustCompile(`<section class="crisis crisis-inline" id="q-harm_thoughts-crisis" data-help-when="([^"]*)"[^>]*?( hidden)?>`)
		m := panel.FindStringSubmatch(page)
		if m == nil || m[2] != " hidden" || !strings.Contains(text(m[1]), `"item":"harm_thoughts"`) {
			t.Fatalf("the empty form should carry a hidden panel with the rule's condition: %q", m)
		}
		for _, never := range []string{"follow up before the next session", "isolation and support", "lonely_high", "q-loneliness-crisis"} {
			if strings.Contains(page, never) {
				t.Errorf("the form exposes %q", never)
			}
		}
		form := formBase(page)
		form.Set("harm_thoughts", "yes")
		form.Set("action", "save")
		resp, body := fc.post("/f/save", form)
		if resp.StatusCode != 303 || resp.Header.Get("Location") != "/f" {
			t.Fatalf("save: %d %s", resp.StatusCode, body)
		}
		_, start := fc.get("/f")
		if !strings.Contains(start, "Getting help today") || !strings.Contains(start, `href="tel:112"`) {
			t.Error("the start page after saving a yes shows no crisis help")
		}
		_, page = fc.get("/f/form")
		if m = panel.FindStringSubmatch(page); m == nil || m[2] != "" {
			t.Errorf("the form with a saved yes should show the panel: %q", m)
		}
		// The client API never carries flag rules or messages.
		_, js := fc.api("GET", "/api/v1/fill", nil)
		for _, never := range []string{`"flags"`, "follow up before the next session", "client_message"} {
			if strings.Contains(js, never) {
				t.Errorf("the client API exposes %q", never)
			}
		}
	})
}
