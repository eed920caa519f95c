package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestSummaryPeriodAndSessionHeld: the summary covers the period asked for,
// by default from the last session held (else 30 days) to today; marking a
// session held moves that default; downloading changes nothing.
func TestSummaryPeriodAndSessionHeld(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		w.submit(w.assign("self-reliance-checkin"), checkin(1, "Early week words"))
		w.later(10) // 12 Nov 2026
		w.submit(w.assign("self-reliance-checkin"), checkin(3, "Later week words"))

		page := "/clients/" + w.clientID
		_, body := w.web.Get(page)
		wantBody(t, "client page", body, `action="/clients/`+w.clientID+`/summary.pdf"`, `name="from" value="2026-10-13"`,
			`name="to" value="2026-11-12"`, `name="answers" value="1"`, `name="copy" value="client"`,
			"No session recorded yet", `name="session_on" value="2026-11-12"`, "Mark session held")
		text := w.summaryText(t, "answers=1")
		wantText(t, "default summary, no session", text, []string{"13 Oct – 12 Nov 2026", "Early week words", "Later week words"}, nil)
		if again := w.summaryText(t, "answers=1"); again != text {
			t.Error("downloading the same summary twice gave different PDFs")
		}

		resp, body := w.web.PostForm(page+"/session", url.Values{"session_on": {"2026-11-05"}})
		wantRedirect(t, "mark session held", resp, body, page+"#summary")
		wantFlash(t, "mark session held", resp, "Session on 5 Nov 2026 recorded. The next summary starts there.")
		evs, err := w.env.Store.AuditEvents(w.ctx(), 10)
		if err != nil || evs[0].Action != "client.session_held" || evs[0].ObjectID != w.clientID || evs[0].ActorID != w.p.ID {
			t.Fatalf("no audit row for the session: %+v %v", evs, err)
		}
		_, body = w.web.Get(page)
		wantBody(t, "client page after a session", body, `name="from" value="2026-11-05"`, "Starts at the last session, Thu 5 Nov 2026")
		text = w.summaryText(t, "answers=1")
		wantText(t, "default summary after the session", text, []string{"5 Nov – 12 Nov 2026", "Later week words"}, []string{"Early week words"})

		text = w.summaryText(t, "from=2026-11-01&to=2026-11-03&answers=1")
		wantText(t, "chosen period", text, []string{"1 Nov – 3 Nov 2026", "Early week words"}, []string{"Later week words"})

		for q, field := range map[string]string{"from=2026-02-30": "from", "to=soon": "to", "from=2026-11-10&to=2026-11-09": "to",
			"answers=yes": "answers", "copy=mine": "copy"} {
			resp, body := w.web.Get(page + "/summary.pdf?" + q)
			testenv.WantStatus(t, "summary "+q, resp, body, http.StatusUnprocessableEntity)
			wantBody(t, "summary "+q, body, "Some fields need attention: "+field+" ")
		}

		for on, msg := range map[string]string{"": "Enter the date the session was held.", "5/11/2026": "The session date must be a date like",
			"2026-11-13": "The session date must not be after today"} {
			resp, body := w.web.PostForm(page+"/session", url.Values{"session_on": {on}})
			testenv.WantStatus(t, "session on "+on, resp, body, http.StatusUnprocessableEntity)
			wantBody(t, "session on "+on, body, msg, `value="`+on+`"`, `aria-invalid="true"`)
		}
		resp, body = w.web.PostForm(page+"/session", noCSRF(url.Values{"session_on": {"2026-11-12"}}))
		testenv.WantStatus(t, "session without CSRF", resp, body, http.StatusForbidden)
		resp, body = w.otherWeb.PostForm(page+"/session", url.Values{"session_on": {"2026-11-12"}})
		testenv.WantStatus(t, "another's client", resp, body, http.StatusNotFound)
		_, body = w.web.Get(page)
		wantBody(t, "client page after refused sessions", body, `name="from" value="2026-11-05"`)
	})
}

// TestSummaryOpenFlagsAndStillOpen: an open flag from before the period is
// in every summary until acknowledged; work not yet submitted is listed
// with its status and due date, never its draft answers.
func TestSummaryOpenFlagsAndStillOpen(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		flagged := w.assign("weekly-connection-checkin")
		w.submit(flagged, weekly(true, ""))
		w.assign("self-reliance-checkin") // due 9 Nov: overdue by then
		drafted := w.assign("weekly-connection-checkin")
		if _, _, err := w.env.Store.SaveDraft(w.ctx(), drafted, 0, worksheets.Answers{"week_notes": "Draft words not sent yet"}); err != nil {
			t.Fatal(err)
		}
		w.later(20)                       // 22 Nov 2026
		w.assign("self-reliance-checkin") // due 29 Nov
		resp, body := w.web.PostForm("/clients/"+w.clientID+"/session", url.Values{"session_on": {"2026-11-22"}})
		wantRedirect(t, "session held", resp, body, "/clients/"+w.clientID+"#summary")

		text := w.summaryText(t, "answers=1")
		wantText(t, "summary", text, []string{"22 Nov 2026", "Nothing submitted in this period.",
			"Client reported thoughts of self-harm", "Weekly connection check-in, 2 Nov 2026 (before this period)",
			"Still open, by due date", "9 Nov 2026", "Weekly check-in - doing it all alone", "Not started · overdue",
			"In progress · overdue", "29 Nov 2026"},
			[]string{"Draft words not sent yet"})
		if n := strings.Count(text, "Not started"); n != 2 {
			t.Errorf("want both not-started assignments, got %d", n)
		}

		a, err := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, flagged)
		if err != nil || len(a.Flags) != 1 {
			t.Fatalf("flags %v %v", a, err)
		}
		resp, body = w.web.PostForm("/assignments/"+flagged+"/flags/"+a.Flags[0].ID+"/acknowledge", url.Values{"note": {"Called the same day."}})
		wantRedirect(t, "acknowledge", resp, body, "/assignments/"+flagged)
		wantText(t, "summary after acknowledging", w.summaryText(t, ""), []string{"Still open"}, []string{"Client reported thoughts of self-harm"})
	})
}

// TestSummaryBriefAnswersAndClientCopy: by default the brief and the notes
// page; answers in full when ticked; the client's copy has their answers
// but no private note, flag message, band label or notes page.
func TestSummaryBriefAnswersAndClientCopy(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("weekly-connection-checkin")
		w.submit(id, weekly(true, "My own words this week"))
		if _, err := w.env.Store.AddNote(w.ctx(), w.p.ID, w.clientID, id, "Private thought about Sam"); err != nil {
			t.Fatal(err)
		}
		resp, body := w.web.PostForm("/clients/"+w.clientID, url.Values{"display_name": {"Sam K."}, "notes": {"Background only I read"}})
		wantRedirect(t, "background", resp, body, "/clients/"+w.clientID)
		flag, band, meaning := "Client reported thoughts of self-harm", "(moderate)", "Some stress this week"

		wantText(t, "brief", w.summaryText(t, ""),
			[]string{"Submitted in this period", "Weekly connection check-in", "Stress this week 5 " + band, flag, "Notes for this session", "Confidential"},
			[]string{"My own words this week", "Private thought about Sam", "Background only I read"})
		wantText(t, "with answers", w.summaryText(t, "answers=1"),
			[]string{"My own words this week", "Private thought about Sam", flag, meaning, "Notes for this session"}, nil)
		wantText(t, "client copy", w.summaryText(t, "answers=1&copy=client"),
			[]string{"YOUR COPY", "Client's copy", "Stress this week 5", "My own words this week"},
			[]string{"Private thought about Sam", "Background only I read", flag, band, "moderate", meaning, "Notes for this session", "Confidential"})
	})
}

// TestSummaryEachSubmissionItsOwn: with several submissions in the period
// (loaded together), each one's scores, flag, answers and notes print with
// it and no other.
func TestSummaryEachSubmissionItsOwn(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		first := w.assign("weekly-connection-checkin")
		ans := weekly(true, "First week words")
		ans["stress"] = 2.0
		w.submit(first, ans)
		w.later(1)
		second := w.assign("weekly-connection-checkin")
		ans = weekly(false, "Second week words")
		ans["stress"] = 9.0
		w.submit(second, ans)
		for id, note := range map[string]string{first: "Note on the first", second: "Note on the second"} {
			if _, err := w.env.Store.AddNote(w.ctx(), w.p.ID, w.clientID, id, note); err != nil {
				t.Fatal(err)
			}
		}
		text := w.summaryText(t, "answers=1")
		in := func(s string) int {
			i := strings.Index(text, s)
			if i < 0 {
				t.Errorf("summary lacks %q", s)
			}
			return i
		}
		// The brief: one line per submission, oldest first, each with its
		// own scores; the flag counted on the first only.
		wantText(t, "brief", text, []string{
			"2 Nov 2026 Weekly connection check-in", "Stress this week 2 (low) · Loneliness this week 5 (moderate) · 1 flag 3 Nov 2026",
			"Stress this week 9 (high) · Loneliness this week 5 (moderate) Score changes"}, nil)
		// The appendix: each submission's answers, then its own note.
		order := []string{"First week words", "Note on the first", "Second week words", "Note on the second"}
		for i := 1; i < len(order); i++ {
			if in(order[i-1]) > in(order[i]) {
				t.Errorf("%q prints after %q: a note or answer is under the wrong submission", order[i-1], order[i])
			}
		}
	})
}

// TestSummaryOnlyThisClient: a client's summary shows that client's work
// alone: nothing submitted, noted, flagged, scored or still open for the
// practitioner's other client, nor anything of another practitioner's
// client, shows in it.
func TestSummaryOnlyThisClient(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		sam := w.clientID
		w.submit(w.assign("weekly-connection-checkin"), weekly(false, "Sam's own words"))
		// The same practitioner's other client: a flagged submission with
		// a note, a scored worksheet Sam never had, and open work.
		w.clientID = w.client("Lee R.")
		lee := w.assign("weekly-connection-checkin")
		w.submit(lee, weekly(true, "Lee's words"))
		if _, err := w.env.Store.AddNote(w.ctx(), w.p.ID, w.clientID, lee, "Note on Lee"); err != nil {
			t.Fatal(err)
		}
		w.submit(w.assign("self-reliance-checkin"), checkin(2, "Lee alone"))
		w.assign("self-reliance-checkin")
		// Another practitioner's client, with the same worksheet.
		ctx, name := w.ctx(), "Kim O."
		kim, err := w.env.Store.CreateClient(ctx, w.other.ID, models.ClientInput{DisplayName: &name})
		if err != nil {
			t.Fatal(err)
		}
		v, _, err := w.env.Store.CreateAssignment(ctx, w.other.ID, models.NewAssignment{ClientID: kim.ID, WorksheetKey: "self-reliance-checkin"},
			models.LinkPolicy{TTL: time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		w.clientID = kim.ID
		w.submit(v.ID, checkin(3, "Kim's words"))
		w.clientID = sam

		for _, q := range []string{"answers=1", "answers=1&from=2026-10-01"} {
			text := w.summaryText(t, q)
			wantText(t, "Sam's summary "+q, text, []string{"Sam K.", "Sam's own words", "Weekly connection check-in"},
				[]string{"Lee", "Kim", "Note on Lee", "doing it all alone", "flag"})
		}
	})
}
