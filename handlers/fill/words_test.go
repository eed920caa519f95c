package fill_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
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
		resp, body := p.Web().PostForm("/account/client-words", url.Values{"response_time": {"soon"}, "crisis_text": {own}})
		testenv.WantStatus(t, "own crisis text", resp, body, 303)
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
