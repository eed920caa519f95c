package web_test

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

func TestPageToday(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/")
		testenv.WantStatus(t, "empty", resp, body, 200)
		wantBody(t, "empty", body, "Getting started", "Nothing waiting for review.")

		flagged := w.assign("weekly-connection-checkin")
		w.submit(flagged, worksheets.Answers{"stress": 4.0, "loneliness": 3.0, "asked_help": true, "harm_thoughts": true})
		late := w.assign("delegation-at-work")
		w.env.Clock.Advance(8 * 24 * time.Hour)
		soon := w.assign("support-map")
		w.web = w.p.Web()

		resp, body = w.web.Get("/")
		testenv.WantStatus(t, "today", resp, body, 200)
		wantBody(t, "today", body, "Tuesday 10 November", "Flagged answers", "self-harm", `href="/assignments/`+flagged+`"`,
			"Submitted, not yet reviewed", "Overdue", `href="/assignments/`+late+`"`, "Was due Mon 9 Nov 2026",
			"Due in the next 7 days", `href="/assignments/`+soon+`"`, "Due Tue 17 Nov 2026", "Sam K.")
		wantNoBody(t, "today", body, "Getting started")
		if !strings.Contains(body, `<span class="stat-n">1</span> <span class="stat-l">flag to acknowledge`) {
			t.Fatal("flag count missing")
		}
		// Another practitioner's Today shows none of it.
		w.otherWeb = w.other.Web()
		_, body = w.otherWeb.Get("/")
		wantNoBody(t, "other's today", body, "Sam K.", flagged, late, soon)

		// Acknowledged and reviewed: it leaves the lists.
		a, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, flagged)
		w.web.PostForm("/assignments/"+flagged+"/flags/"+a.Flags[0].ID+"/acknowledge", url.Values{"note": {"Called; safe."}})
		w.web.PostForm("/assignments/"+flagged+"/review", nil)
		_, body = w.web.Get("/")
		wantNoBody(t, "after review", body, "Flagged answers", `href="/assignments/`+flagged+`"`)
	})
}

func TestPageAssignmentsList(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		for i := 0; i < 26; i++ {
			w.assign("self-reliance-checkin")
		}
		done := w.assign("weekly-connection-checkin")
		w.submit(done, worksheets.Answers{"asked_help": true})
		resp, body := w.web.Get("/assignments")
		testenv.WantStatus(t, "all", resp, body, 200)
		wantBody(t, "all", body, "Older →")
		_, body = w.web.Get("/assignments?status=submitted")
		wantBody(t, "submitted", body, `href="/assignments/`+done+`"`)
		wantNoBody(t, "submitted", body, "Older →")
		_, body = w.web.Get("/assignments?status=bogus")
		testenv.WantStatus(t, "bogus filter", resp, body, 200)
		_, body = w.otherWeb.Get("/assignments")
		wantNoBody(t, "other", body, done)
	})
}
