package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// TestPractitionerStory walks the main story in a real browser on SQLite:
// sign in, add a client, assign the weekly check-in, the client opens the
// link in another browser context and sends it, the practitioner sees it
// on Today, reviews it, acknowledges a flag and marks it reviewed; two more
// weeks of check-ins later the client page shows a three-point trend.
func TestPractitionerStory(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	env := srv.Env
	p := env.NewPractitioner("Dr Ada Lind", false)
	pg := prSignIn(t, srv, p, prTabletWidth, prTabletHeight)

	// Add a client through the form.
	pg.Go(srv.URL + "/clients/new")
	pg.Type("#display_name", "Sam K.")
	pg.ClickAndWait(`form[action="/clients"] button[type=submit]`)
	clientURL := pg.Location()
	if !strings.HasPrefix(clientURL, srv.URL+"/clients/") {
		t.Fatalf("after adding a client: %s", clientURL)
	}

	// assign picks a worksheet on the Assign page and returns the link shown once.
	assign := func(key string, audit bool) string {
		t.Helper()
		pg.Go(clientURL)
		pg.ClickAndWait(`a.button[href$="/assign"]`)
		if audit {
			prAxe(t, pg, "assign")
		}
		pg.Do("choose "+key, prClick(`label[for="ws-`+key+`"]`))
		pg.Type("#instructions", "Fill this in before Thursday.")
		pg.ClickAndWait(`form[action$="/assign"] button[type=submit]`)
		link := prEval(pg, `document.getElementById("client-link").value`)
		if !strings.Contains(link, "/w/") || prEval(pg, `String(document.querySelectorAll("svg.qr path").length)`) != "1" {
			t.Fatalf("no link or QR code on the result page: %q", link)
		}
		return link
	}

	// Week 1: the check-in, and the connection check-in with a safety answer.
	link := assign("self-reliance-checkin", true)
	prClientSubmit(t, srv, link, checkinRadios(3))
	flagLink := assign("weekly-connection-checkin", false)
	prClientSubmit(t, srv, flagLink, map[string]string{"asked_help": "yes", "harm_thoughts": "yes"})

	pg.Go(srv.URL + "/")
	prAxe(t, pg, "today")
	today := pg.Text("main")
	for _, want := range []string{"Flagged answers", "self-harm", "Submitted, not yet reviewed", "Weekly check-in - doing it all alone"} {
		if !strings.Contains(today, want) {
			t.Fatalf("Today lacks %q:\n%s", want, today)
		}
	}

	// The flagged one: it cannot be marked reviewed until the high flag is
	// acknowledged with a note of what was done.
	pg.ClickAndWait(`.flagged a.row-link`)
	prAxe(t, pg, "review")
	if !strings.Contains(pg.Text(".flags"), "self-harm") {
		t.Fatal("flag not at the top of the review")
	}
	pg.ClickAndWait(`form[action$="/review"] button`)
	if !strings.Contains(pg.Text("main"), "A high-severity flag is still open") {
		t.Fatal("marked reviewed with a high flag open")
	}
	pg.Type(".flags textarea", "Called the client the same day; safety plan in place.")
	pg.ClickAndWait(`.flags form button[type=submit]`)
	if strings.Contains(pg.Text("main"), "Flags to follow up") {
		t.Fatal("flag still open after acknowledging")
	}
	pg.ClickAndWait(`form[action$="/review"] button`)
	if s := pg.Text(".facts"); !strings.Contains(s, "Reviewed") {
		t.Fatalf("status after marking reviewed: %s", s)
	}

	// The check-in: open it from Today, read the scores, mark reviewed.
	pg.Go(srv.URL + "/")
	pg.ClickAndWait(`section[aria-labelledby="sub-h"] a.row-link`)
	main := pg.Text("main")
	if !strings.Contains(main, "Not asking for help") || !strings.Contains(main, "moderate") {
		t.Fatalf("review lacks scores:\n%s", main)
	}
	pg.ClickAndWait(`form[action$="/review"] button`)

	// Weeks 2 and 3: a week passes each time (the practitioner signs in again).
	for _, v := range []int{2, 0} {
		env.Clock.Advance(7 * 24 * time.Hour)
		pg = prSignIn(t, srv, p, prTabletWidth, prTabletHeight)
		pg.Go(clientURL)
		prClientSubmit(t, srv, assign("self-reliance-checkin", false), checkinRadios(v))
	}
	pg.Go(clientURL)
	prAxe(t, pg, "client")
	points := prEval(pg, `String(document.querySelector(".chart-fig").querySelectorAll("circle.trend-point").length)`)
	rows := prEval(pg, `String(document.querySelectorAll(".trend-table tbody tr").length)`)
	if points != "3" || rows != "3" {
		t.Fatalf("trend: %s points, %s table rows; want 3 and 3", points, rows)
	}
	if s := pg.Text(".trend-table"); !strings.Contains(s, "7 (moderate)") || !strings.Contains(s, "4 (low)") {
		t.Fatalf("trend table: %s", s)
	}
	pg.Go(srv.URL + "/worksheets")
	prAxe(t, pg, "library")
	pg.ClickAndWait(`a[href="/worksheets/self-reliance-checkin"]`)
	prAxe(t, pg, "worksheet preview")
}
