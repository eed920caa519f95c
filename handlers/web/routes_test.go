package web_test

import (
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/handlers/web"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// pageRoutes lists the web room's GET and POST routes that need a
// signed-in practitioner: its whole table but sign-in and first-run setup.
func pageRoutes(w *pgWorld) []testenv.Route {
	var out []testenv.Route
	for _, r := range testenv.Routes(web.New(w.env.Kit()).Routes) {
		if (r.Method == "GET" || r.Method == "POST") && !strings.HasPrefix(r.Path, "/setup/") && !strings.HasPrefix(r.Path, "/login") {
			out = append(out, r)
		}
	}
	return out
}

// TestPageRoutesOwnerScope walks every page route with an id or key in its
// path and fills it with the first practitioner's objects: the second
// practitioner must get 404 (not 200, 403 or 500), and nothing may change.
// A new route whose path this test cannot fill fails it, so every new page
// gets an owner check.
func TestPageRoutesOwnerScope(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		flagged := w.assign("weekly-connection-checkin")
		w.submit(flagged, worksheets.Answers{"asked_help": true, "harm_thoughts": true})
		open := w.assign("self-reliance-checkin")
		w.web.PostForm("/worksheets/upload", url.Values{"yaml": {mine(t)}})
		a, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, flagged)
		toks, _ := w.env.Store.ListAPITokens(w.ctx(), w.p.ID)
		o, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, open)
		openHash := o.LinkTokenHash
		sched, enrolment := releasesFor(t, w)
		homeTok, err := w.env.Store.IssueHomeLink(w.ctx(), w.p.ID, w.clientID)
		if err != nil {
			t.Fatal(err)
		}
		secret, _ := w.env.Store.TOTPEnrolment(w.ctx(), w.p.ID)
		code, _ := models.TOTPCode(secret, w.env.Clock.Now())
		if _, err := w.env.Store.ConfirmTOTP(w.ctx(), w.p.ID, code); err != nil {
			t.Fatal(err)
		}
		key, err := w.env.Store.AddPasskey(w.ctx(), w.p.ID, "Laptop", "cred-1", "{}")
		if err != nil {
			t.Fatal(err)
		}
		fill := func(p string) (string, bool) {
			var id string
			switch {
			case strings.HasPrefix(p, "/clients/:id"):
				id = w.clientID
			case strings.HasPrefix(p, "/assignments/:id"):
				id = flagged
				if strings.HasSuffix(p, "/link") || strings.HasSuffix(p, "/cancel") {
					id = open
				}
			case strings.HasPrefix(p, "/worksheets/:key"):
				id = "my-checkin"
			case strings.HasPrefix(p, "/schedules/:id"):
				id = sched
			case strings.HasPrefix(p, "/enrolments/:id"):
				id = enrolment
			case strings.HasPrefix(p, "/courses/:key"):
				id = "my-course"
			case strings.HasPrefix(p, "/account/tokens/:id"):
				id = toks[0].ID
			case strings.HasPrefix(p, "/account/passkeys/:id"):
				id = key.ID
			case strings.HasPrefix(p, "/admin/practitioners/:id"):
				id = w.p.ID
			default:
				return "", false
			}
			p = strings.NewReplacer(":id", id, ":key", id, ":flag", a.Flags[0].ID).Replace(p)
			return p, !strings.Contains(p, ":")
		}
		walked := 0
		for _, r := range pageRoutes(w) {
			if !strings.Contains(r.Path, ":") {
				continue
			}
			path, ok := fill(r.Path)
			if !ok {
				t.Fatalf("%s %s: the owner walk does not know how to fill this path; add it to the test", r.Method, r.Path)
			}
			walked++
			if r.Method == "GET" {
				resp, body := w.otherWeb.Get(path)
				testenv.WantStatus(t, "other GET "+r.Path, resp, body, 404)
				resp, _ = w.web.Get(path)
				if resp.StatusCode >= 400 && !strings.HasSuffix(r.Path, "pdf") {
					t.Fatalf("owner GET %s: %d", r.Path, resp.StatusCode)
				}
				continue
			}
			resp, body := w.otherWeb.PostForm(path, url.Values{"display_name": {"Taken"}, "text": {"x"}, "worksheet": {"support-map"}})
			testenv.WantStatus(t, "other POST "+r.Path, resp, body, 404)
		}
		if walked < 15 {
			t.Fatalf("walked only %d routes with ids", walked)
		}
		// Nothing of the first practitioner's changed.
		c, _ := w.env.Store.ClientByID(w.ctx(), w.p.ID, w.clientID)
		if c.DisplayName != "Sam K." || c.ArchivedAt != nil {
			t.Fatalf("client changed: %+v", c.Client)
		}
		a2, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, flagged)
		o2, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, open)
		if a2.Status != "submitted" || a2.Flags[0].AcknowledgedAt != nil || o2.Status != "assigned" || o2.LinkTokenHash != openHash {
			t.Fatal("an assignment changed")
		}
		if sv, _ := w.env.Store.ScheduleByID(w.ctx(), w.p.ID, sched); sv.State != models.ScheduleActive || sv.Every != models.EveryWeek {
			t.Fatalf("the schedule changed: %s", sv.State)
		}
		if ev, _ := w.env.Store.EnrolmentByID(w.ctx(), w.p.ID, enrolment); ev.StoppedAt != nil {
			t.Fatal("the course was stopped")

		}
		if _, err := w.env.Store.ClientByHomeLink(w.ctx(), homeTok); err != nil {
			t.Fatal("their own page's link changed")
		}
		if n, _ := w.env.Store.Notes(w.ctx(), w.p.ID, w.clientID, ""); len(n) != 0 {
			t.Fatal("a note was added")
		}
		if toks2, _ := w.env.Store.ListAPITokens(w.ctx(), w.p.ID); toks2[0].RevokedAt != nil {
			t.Fatal("a token was revoked")
		}
		if _, err := w.env.Store.PractitionerByID(w.ctx(), w.p.ID); err != nil {
			t.Fatal("the account was disabled")
		}
		if ks, _ := w.env.Store.Passkeys(w.ctx(), w.p.ID); len(ks) != 1 {
			t.Fatal("a passkey was removed")
		}
	})
}

// TestPageRoutesSignedOut: without a session every page sends the browser
// to sign in, and every form post is refused.
func TestPageRoutesSignedOut(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		for _, r := range pageRoutes(w) {
			path := strings.NewReplacer(":id", "x", ":key", "x", ":flag", "x").Replace(r.Path)
			resp, body := w.env.Do(httptest.NewRequest(r.Method, path, nil))
			want := 303
			if r.Method == "POST" {
				want = 401
			}
			testenv.WantStatus(t, "signed out "+r.Method+" "+r.Path, resp, body, want)
			if want == 303 && !strings.HasPrefix(resp.Header.Get("Location"), "/login?next=") {
				t.Fatalf("%s: redirect to %q", r.Path, resp.Header.Get("Location"))
			}
		}
	})
}
