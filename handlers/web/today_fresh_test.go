package web_test

import (
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestTodayFresh: Today shows every change at the next reload, though a
// body built earlier is kept while nothing it shows can have changed
// (todayCache): a write to each table the page reads, a new day and a
// new time zone each show at once.
func TestTodayFresh(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		today := func(what string) string {
			t.Helper()
			resp, body := w.web.Get("/")
			testenv.WantStatus(t, what, resp, body, 200)
			return body
		}
		wantBody(t, "empty", today("empty"), "Getting started")
		today("again") // kept, now

		// assignments: a new one shows.
		flagged, open := w.assign("weekly-connection-checkin"), w.assign("support-map")
		body := today("assigned")
		wantBody(t, "assigned", body, `href="/assignments/`+flagged+`"`, `href="/assignments/`+open+`"`, "Sam K.", "Due Mon 9 Nov 2026")
		wantNoBody(t, "assigned", body, "Getting started")

		// clients: a new name shows.
		name := "Robin P."
		if _, err := w.env.Store.UpdateClient(w.ctx(), w.p.ID, w.clientID, models.ClientInput{DisplayName: &name}); err != nil {
			t.Fatal(err)
		}
		body = today("renamed")
		wantBody(t, "renamed", body, "Robin P.")
		wantNoBody(t, "renamed", body, "Sam K.")

		// flags: a risk answer in an autosaved draft shows at once.
		target, err := w.env.Store.FillTarget(w.ctx(), flagged)
		if err != nil {
			t.Fatal(err)
		}
		if _, _, err := w.env.Store.SaveDraftOnce(w.ctx(), target, 0, "", weekly(true, "")); err != nil {
			t.Fatal(err)
		}
		wantBody(t, "draft flag", today("draft flag"), "Flagged answers", "In answers not yet sent", "1</span> <span class=\"stat-l\">flag to acknowledge")

		// Submitted, then the flag acknowledged (a write to flags only).
		w.submit(flagged, weekly(true, ""))
		body = today("submitted")
		wantBody(t, "submitted", body, "Submitted 2 Nov 2026, 09:00", "Flagged answers")
		a, err := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, flagged)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range a.Flags {
			if f.AcknowledgedAt == nil {
				if err := w.env.Store.AcknowledgeFlag(w.ctx(), w.p.ID, f.ID, "Called; safe."); err != nil {
					t.Fatal(err)
				}
			}
		}
		wantNoBody(t, "acknowledged", today("acknowledged"), "Flagged answers")

		// The time zone: times show in the new one (no list changed).
		if err := w.env.Store.SetTimeZone(w.ctx(), w.p.ID, "Pacific/Auckland"); err != nil {
			t.Fatal(err)
		}
		body = today("zone")
		wantBody(t, "zone", body, "Submitted 2 Nov 2026, 22:00")
		wantNoBody(t, "zone", body, "2 Nov 2026, 09:00")

		// A new day: what was due this week is overdue (nothing written).
		w.later(8)
		body = today("a week later")
		wantBody(t, "a week later", body, "Was due Mon 9 Nov 2026", `href="/assignments/`+open+`"`, "Nothing due this week.")
		wantNoBody(t, "a week later", body, "Due Mon 9 Nov 2026")

		// The other practitioner's Today never shows any of it.
		_, body = w.otherWeb.Get("/")
		wantNoBody(t, "other", body, "Robin P.", flagged, open)
	})
}

// TestTodayFreshUnderConcurrentWrites: writers for one practitioner in
// parallel (new clients, assignments, submissions that raise flags,
// renames), each raising the Today stamp, while Today reloads: no write
// fails (on PostgreSQL the stamp's row is taken at commit, after every
// other lock, so concurrent writers never deadlock on it), and the next
// reload shows every last write.
func TestTodayFreshUnderConcurrentWrites(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		const writers, rounds = 5, 3 // 15 submissions: Today lists them all
		ctx, st := w.ctx(), w.env.Store
		lp := models.LinkPolicy{TTL: 30 * 24 * time.Hour}
		write := func(g, r int) error {
			name := fmt.Sprintf("Writer %d round %d", g, r)
			c, err := st.CreateClient(ctx, w.p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				return err
			}
			v, _, err := st.CreateAssignment(ctx, w.p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin"}, lp)
			if err != nil {
				return err
			}
			a, err := st.FillAssignment(ctx, v.ID)
			if err != nil {
				return err
			}
			clean, _ := a.Worksheet.Def.ValidateAnswers(weekly(true, ""), worksheets.Submit)
			if _, _, err := st.Submit(ctx, v.ID, models.Submission{Answers: clean, Scores: a.Worksheet.Def.Score(clean),
				Flags: a.Worksheet.Def.EvaluateFlags(clean)}); err != nil {
				return err
			}
			renamed := fmt.Sprintf("Renamed %d-%d", g, r)
			_, err = st.UpdateClient(ctx, w.p.ID, c.ID, models.ClientInput{DisplayName: &renamed})
			return err
		}
		var wg sync.WaitGroup
		errs := make(chan error, writers*rounds)
		var stop atomic.Bool
		reloads := make(chan int)
		go func() { // Today reloads throughout, keeping bodies
			n := 0
			for ; !stop.Load(); n++ {
				w.web.Get("/")
			}
			reloads <- n
		}()
		for g := 0; g < writers; g++ {
			wg.Add(1)
			go func(g int) {
				defer wg.Done()
				for r := 0; r < rounds; r++ {
					if err := write(g, r); err != nil {
						errs <- fmt.Errorf("writer %d round %d: %w", g, r, err)
					}
				}
			}(g)
		}
		wg.Wait()
		stop.Store(true)
		t.Logf("%d Today reloads during %d writes", <-reloads, writers*rounds*4)
		close(errs)
		for err := range errs {
			t.Error(err)
		}
		resp, body := w.web.Get("/")
		testenv.WantStatus(t, "after", resp, body, 200)
		for g := 0; g < writers; g++ {
			for r := 0; r < rounds; r++ {
				wantBody(t, "after", body, fmt.Sprintf("Renamed %d-%d", g, r))
			}
		}
		wantBody(t, "after", body, fmt.Sprintf(`%d</span> <span class="stat-l">flags to acknowledge`, writers*rounds))
	})
}
