package fill_test

import (
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestClientIsToldWhoSeesAndWhen: the start page and the form say saved
// answers are visible before sending, and when the practitioner reads them
// (the default, then what the practitioner set on their account page).
func TestClientIsToldWhoSeesAndWhen(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		form := text(fc.mustOpen())
		_, start := fc.get("/f")
		const seen = "Answers are visible to Ada Lovelace as soon as they are saved, even before you send them."
		for name, page := range map[string]string{"start": text(start), "form": form} {
			if !strings.Contains(page, seen) || !strings.Contains(page, "They are usually read before your next session.") {
				t.Errorf("%s page does not say who sees saved answers and when:\n%s", name, page)
			}
		}
		resp, body := fc.p.Web().PostForm("/account/client-words", url.Values{"response_time": {"within two working days"}, "crisis_text": {""}})
		testenv.WantStatus(t, "save response time", resp, body, 303)
		for _, path := range []string{"/f", "/f/form"} {
			if _, body := fc.get(path); !strings.Contains(text(body), "They are usually read within two working days.") {
				t.Errorf("%s does not show the practitioner's response time", path)
			}
		}
	})
}

// TestPractitionerCrisisTextReachesOnlyTheirClients: a practitioner's own
// crisis text replaces the server's on their client's thank-you page; another
// practitioner's client still gets the server's.
func TestPractitionerCrisisTextReachesOnlyTheirClients(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		env, p := newFillEnv(t, db)
		const own = "Call the Lisbon crisis line on 808 24 24 24, day or night."
		if err := env.Store.SetClientWords(t.Context(), p.ID, models.ClientWords{ResponseTime: "soon", CrisisText: own}); err != nil {
			t.Fatal(err)
		}
		mine := assignFill(t, env, p, "weekly-connection-checkin")
		theirs := assignFill(t, env, env.NewPractitioner("Bo Other", false), "weekly-connection-checkin")
		high := url.Values{"asked_help": {"no"}, "harm_thoughts": {"yes"}, "loneliness": {"9"}}
		done := map[*fillClient]string{}
		for _, fc := range []*fillClient{mine, theirs} {
			form := formBase(fc.mustOpen())
			for k, v := range high {
				form[k] = v
			}
			resp, body := fc.post("/f/submit", form)
			testenv.WantStatus(t, "submit", resp, body, 303)
			_, done[fc] = fc.get("/f/done")
		}
		serverFirst := strings.SplitN(config.DefaultCrisisText, " (", 2)[0]
		if !strings.Contains(text(done[mine]), "Call the Lisbon crisis line on") || strings.Contains(text(done[mine]), serverFirst) {
			t.Errorf("my client's thank-you page does not show my crisis text alone:\n%s", done[mine])
		}
		if strings.Contains(text(done[theirs]), "Lisbon") || !strings.Contains(text(done[theirs]), serverFirst) {
			t.Errorf("another practitioner's client gets my crisis text or lacks the server's:\n%s", done[theirs])
		}
	})
}

// TestCopyGoneAfterWindow: after sending, the link shows the client's copy
// for TEND_ANSWERS_VISIBLE_FOR (72h by default); after that the pages and
// the client API say only when the answers were sent.
func TestCopyGoneAfterWindow(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		form := formBase(fc.mustOpen())
		form.Set("week_notes", "walked by the river")
		form.Set("asked_help", "no")
		resp, body := fc.post("/f/submit", form)
		testenv.WantStatus(t, "submit", resp, body, 303)
		_, done := fc.get("/f/done")
		if !strings.Contains(done, `href="/f/answers"`) || !strings.Contains(text(done), "your link shows this copy until") {
			t.Fatalf("the thank-you page does not offer the copy and say until when:\n%s", done)
		}
		// Each time, the client comes back with their link (the fill
		// session itself ends after an hour).
		fc.env.Clock.Advance(71 * time.Hour)
		fc.open()
		if _, body := fc.get("/f/answers"); !strings.Contains(body, "walked by the river") {
			t.Fatalf("the copy is gone before 72h:\n%s", body)
		}
		fc.env.Clock.Advance(time.Hour)
		fc.open()
		_, copyPage := fc.get("/f/answers")
		_, start := fc.get("/f")
		_, api := fc.api("GET", "/api/v1/fill", nil)
		for name, page := range map[string]string{"answers": copyPage, "start": start, "api": api} {
			if strings.Contains(page, "walked by the river") {
				t.Errorf("%s still shows the answers after 72h", name)
			}
		}
		if !strings.Contains(copyPage, `id="copy-gone"`) || !strings.Contains(text(copyPage), "You sent your answers on Monday 2 November 2026") {
			t.Errorf("the expired copy does not say when it was sent:\n%s", copyPage)
		}
		if strings.Contains(start, `href="/f/answers"`) || !strings.Contains(text(start), "You sent your answers on") {
			t.Errorf("the start page still offers the copy or lacks the date:\n%s", start)
		}
		if !strings.Contains(api, `"submitted_at"`) {
			t.Errorf("the client API lost the sent date: %s", api)
		}
	})
}

// TestRowsTitledByTheirItem: a table's rows are titled from its row_label
// ("Person 1") in the form, the client's copy and the practitioner's review
// page; the add button says "Add another".
func TestRowsTitledByTheirItem(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "support-map")
		page := fc.mustOpen()
		if !strings.Contains(page, `>Add another<span class="visually-hidden"> to “The people around me”</span></button>`) {
			t.Fatalf("the add button is not labelled Add another:\n%s", page)
		}
		resp, body := fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
			"ask_person": "my sister", "people": []any{map[string]any{"initials": "J.M."}, map[string]any{"initials": "A.B."}}}})
		testenv.WantStatus(t, "submit", resp, body, 200)
		_, copyPage := fc.get("/f/answers")
		if !strings.Contains(copyPage, `<p class="row-title">Person 1</p>`) || !strings.Contains(copyPage, `<p class="row-title">Person 2</p>`) {
			t.Errorf("the client's copy does not title rows Person 1, Person 2:\n%s", copyPage)
		}
		_, review := fc.p.Web().Get("/assignments/" + fc.assignment)
		if !strings.Contains(review, `<th scope="row">Person 2</th>`) {
			t.Errorf("the review page does not title rows:\n%s", review)
		}
	})
}

// TestOneWordForRequired: the client's pages say "(required)" and never
// the other word ("needed"): templates, scripts, view models, the client
// room and the answer checker's messages.
func TestOneWordForRequired(t *testing.T) {
	t.Parallel()
	var files []string
	for _, glob := range []string{"../../templates/client/*.html", "../../templates/layouts/client.html",
		"../../templates/static/fill*.js", "../../views/*.go", "*.go", "../../worksheets/answers.go"} {
		m, err := filepath.Glob(glob)
		if err != nil || len(m) == 0 {
			t.Fatalf("%s: %v", glob, err)
		}
		files = append(files, m...)
	}
	other := regexp.MustCompile(`(?i)\bneeded\b`)
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if loc := other.FindIndex(b); loc != nil {
			t.Errorf("%s says %q: the client's word for required is “(required)”", f, b[loc[0]:loc[1]])
		}
	}
	// The built-in worksheets tell clients which questions are marked
	// (their prompts may say "needed" in its everyday sense).
	lib, _ := filepath.Glob("../../worksheets/library/*.yaml")
	for _, f := range lib {
		b, _ := os.ReadFile(f)
		if m := regexp.MustCompile(`(?i)marked as needed|\(needed\)`).Find(b); m != nil {
			t.Errorf("%s says %q: the client's word for required is “(required)”", f, m)
		}
	}
	fc := newFill(t, testenv.Databases(t)[0], "support-map")
	if page := fc.mustOpen(); !strings.Contains(page, `Questions marked “(required)”`) || !strings.Contains(page, `<span class="req">(required)</span>`) {
		t.Error("the form does not mark required questions with “(required)”")
	}
}

// TestLeaveOnEveryClientPage: every client page, including a dead link's,
// has "Leave this page" (a plain link to /leave, with rel=noreferrer, and
// leave.js, no inline script); /leave sends the client to TEND_LEAVE_URL.
func TestLeaveOnEveryClientPage(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "weekly-connection-checkin")
		_, dead := fc.get("/w/this-is-not-a-link-token-but-long-enough-to-look-like-one")
		page := fc.mustOpen()
		pages := map[string]string{"dead link": dead, "form": page}
		_, pages["start"] = fc.get("/f")
		form := formBase(page)
		form.Set("asked_help", "no")
		resp, body := fc.post("/f/submit", form)
		testenv.WantStatus(t, "submit", resp, body, 303)
		_, pages["done"] = fc.get("/f/done")
		_, pages["answers"] = fc.get("/f/answers")
		for name, body := range pages {
			if !strings.Contains(body, `<a class="button secondary leave" id="leave" href="/leave" rel="noreferrer">Leave this page</a>`) ||
				!strings.Contains(body, `<script src="/static/leave.js" defer></script>`) || strings.Contains(body, "<script>") {
				t.Errorf("%s: no Leave this page button (or an inline script):\n%s", name, body)
			}
			if !strings.Contains(text(body), "It does not clear this page from your browser’s history") {
				t.Errorf("%s: the page does not say leaving without JavaScript keeps the history", name)
			}
		}
		resp, _ = fc.get("/leave")
		if resp.StatusCode != 303 || resp.Header.Get("Location") != config.DefaultLeaveURL {
			t.Fatalf("/leave: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
		}
	})
}
