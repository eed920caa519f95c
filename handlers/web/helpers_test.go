package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// pgWorld is one practitioner signed in on the web, with a client, plus a
// second practitioner who must never see the first one's things.
type pgWorld struct {
	env      *testenv.Env
	p, other *testenv.Practitioner
	web      *testenv.Client
	otherWeb *testenv.Client
	clientID string
}

// pgEach runs fn on every test database with a fresh world.
func pgEach(t *testing.T, fn func(t *testing.T, w *pgWorld)) {
	t.Helper()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			w := &pgWorld{env: env, p: env.NewPractitioner("Ada Therapist", false), other: env.NewPractitioner("Bo Other", false)}
			w.web, w.otherWeb = w.p.Web(), w.other.Web()
			w.clientID = w.client("Sam K.")
			fn(t, w)
		})
	}
}

func (w *pgWorld) ctx() context.Context { return context.Background() }

// client adds a client of w.p directly in the store.
func (w *pgWorld) client(name string) string {
	w.env.T.Helper()
	c, err := w.env.Store.CreateClient(w.ctx(), w.p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		w.env.T.Fatal(err)
	}
	return c.ID
}

// assign gives worksheet key to the client and returns the assignment id.
func (w *pgWorld) assign(key string) string {
	w.env.T.Helper()
	y, m, d := w.env.Clock.Now().AddDate(0, 0, 7).Date()
	due := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	v, _, err := w.env.Store.CreateAssignment(w.ctx(), w.p.ID, models.NewAssignment{ClientID: w.clientID, WorksheetKey: key, DueOn: &due},
		models.LinkPolicy{TTL: 30 * 24 * time.Hour, AfterDue: 14 * 24 * time.Hour})
	if err != nil {
		w.env.T.Fatal(err)
	}
	return v.ID
}

// submit validates, scores and submits answers as the client would.
func (w *pgWorld) submit(id string, ans worksheets.Answers) {
	w.env.T.Helper()
	a, err := w.env.Store.FillAssignment(w.ctx(), id)
	if err != nil {
		w.env.T.Fatal(err)
	}
	clean, errs := a.Worksheet.Def.ValidateAnswers(ans, worksheets.Submit)
	if len(errs) > 0 {
		w.env.T.Fatalf("answers: %v", errs)
	}
	_, _, err = w.env.Store.Submit(w.ctx(), id, models.Submission{Answers: clean, Scores: a.Worksheet.Def.Score(clean),
		Flags: a.Worksheet.Def.EvaluateFlags(clean)})
	if err != nil {
		w.env.T.Fatal(err)
	}
}

// checkin is a full self-reliance-checkin answer set: every likert item v.
func checkin(v float64, notes string) worksheets.Answers {
	a := worksheets.Answers{}
	for _, p := range []string{"ask", "dep", "ctl", "grd"} {
		for i := 1; i <= 3; i++ {
			a[p+"_"+string(rune('0'+i))] = v
		}
	}
	if notes != "" {
		a["week_notes"] = notes
	}
	return a
}

// noCSRF is a form whose CSRF token is missing.
func noCSRF(v url.Values) url.Values {
	if v == nil {
		v = url.Values{}
	}
	v["_csrf"] = []string{""}
	return v
}

func wantRedirect(t *testing.T, what string, resp *http.Response, body, to string) {
	t.Helper()
	testenv.WantStatus(t, what, resp, body, http.StatusSeeOther)
	if got := resp.Header.Get("Location"); got != to {
		t.Fatalf("%s: redirect to %q, want %q", what, got, to)
	}
}

func wantBody(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(body, s) {
			if len(body) > 4000 {
				body = body[:4000]
			}
			t.Fatalf("%s: body lacks %q\n%s", what, s, body)
		}
	}
}

func wantNoBody(t *testing.T, what, body string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(body, s) {
			t.Fatalf("%s: body must not contain %q", what, s)
		}
	}
}

// wantFlash checks a response sets the one-time message cookie.
func wantFlash(t *testing.T, what string, resp *http.Response, msg string) {
	t.Helper()
	for _, c := range resp.Cookies() {
		if c.Name == "tend_flash" {
			if v, _ := url.QueryUnescape(c.Value); v == msg {
				return
			}
			t.Fatalf("%s: flash %q, want %q", what, c.Value, msg)
		}
	}
	t.Fatalf("%s: no flash message", what)
}

// summaryText downloads a session summary with query q from the client
// page's form and reads it back as text.
func (w *pgWorld) summaryText(t *testing.T, q string) string {
	t.Helper()
	resp, body := w.web.Get("/clients/" + w.clientID + "/summary.pdf?" + q)
	testenv.WantStatus(t, "summary "+q, resp, body, http.StatusOK)
	return testenv.PDFText(t, []byte(body))
}

func wantText(t *testing.T, what, text string, has []string, lacks []string) {
	t.Helper()
	for _, s := range has {
		if !strings.Contains(text, s) {
			t.Errorf("%s lacks %q", what, s)
		}
	}
	for _, s := range lacks {
		if strings.Contains(text, s) {
			t.Errorf("%s must not contain %q", what, s)
		}
	}
}

// weekly is a weekly connection check-in: strain 5 (band "moderate") and,
// when harm, the high safety flag.
func weekly(harm bool, notes string) worksheets.Answers {
	a := worksheets.Answers{"stress": 5.0, "loneliness": 5.0, "asked_help": false, "harm_thoughts": harm}
	if notes != "" {
		a["week_notes"] = notes
	}
	return a
}

// later moves the clock on by days and signs both practitioners in again
// (their sessions have expired by then).
func (w *pgWorld) later(days int) {
	w.env.Clock.Advance(time.Duration(days) * 24 * time.Hour)
	w.web, w.otherWeb = w.p.Web(), w.other.Web()
}
