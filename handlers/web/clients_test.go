package web_test

import (
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

func TestPageClientsList(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		for i := 0; i < 27; i++ {
			w.client(fmt.Sprintf("Person %02d", i))
		}
		resp, body := w.web.Get("/clients")
		testenv.WantStatus(t, "list", resp, body, 200)
		wantBody(t, "list", body, "Person 26", "Older →")
		wantNoBody(t, "first page", body, "Sam K.")
		older := strings.ReplaceAll(body[strings.Index(body, `class="pager"><a href="`)+len(`class="pager"><a href="`):], "&amp;", "&")
		older = older[:strings.Index(older, `"`)]
		resp, body = w.web.Get(older)
		testenv.WantStatus(t, "older", resp, body, 200)
		wantBody(t, "older", body, "Sam K.")

		_, body = w.web.Get("/clients?q=" + url.QueryEscape("sam"))
		wantBody(t, "search", body, "Sam K.")
		wantNoBody(t, "search", body, "Person 01")
		// Another practitioner's list never shows this one's clients.
		_, body = w.otherWeb.Get("/clients?q=sam")
		wantNoBody(t, "other's list", body, "Sam K.")

		// Archived filter.
		resp, body = w.web.PostForm("/clients/"+w.clientID+"/archive", nil)
		wantRedirect(t, "archive", resp, body, "/clients/"+w.clientID)
		_, body = w.web.Get("/clients?q=sam")
		wantNoBody(t, "active after archive", body, "Sam K.")
		_, body = w.web.Get("/clients?archived=1")
		wantBody(t, "archived list", body, "Sam K.")
	})
}

func TestPageClientCreate(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/clients/new")
		testenv.WantStatus(t, "form", resp, body, 200)
		// Invalid: 422, input kept, messages by field.
		resp, body = w.web.PostForm("/clients", url.Values{"display_name": {"  "}, "email": {"not-an-email"}, "notes": {"Met <b>twice</b>"}})
		testenv.WantStatus(t, "invalid", resp, body, 422)
		wantBody(t, "invalid", body, "The name is required", "The email must be an email address", `value="not-an-email"`,
			"Met &lt;b&gt;twice&lt;/b&gt;", `aria-invalid="true"`)
		// CSRF missing: 403 and nothing saved.
		resp, body = w.web.PostForm("/clients", noCSRF(url.Values{"display_name": {"Forged"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		_, body = w.web.Get("/clients?q=forged")
		wantNoBody(t, "no csrf", body, "Forged")
		// Valid: flash + 303 to the new client.
		resp, body = w.web.PostForm("/clients", url.Values{"display_name": {"Noor <script>"}, "email": {"noor@example.org"}})
		testenv.WantStatus(t, "create", resp, body, 303)
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/clients/") {
			t.Fatalf("redirect %q", loc)
		}
		resp, body = w.web.Get(loc)
		testenv.WantStatus(t, "client page", resp, body, 200)
		wantBody(t, "client page", body, "Noor &lt;script&gt;", "noor@example.org")
		wantNoBody(t, "client page", body, "Noor <script>")
		// Another practitioner: 404.
		resp, body = w.otherWeb.Get(loc)
		testenv.WantStatus(t, "other", resp, body, 404)
	})
}

func TestPageClientEdit(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID
		resp, body := w.web.Get(path + "/edit")
		testenv.WantStatus(t, "edit form", resp, body, 200)
		wantBody(t, "edit form", body, `value="Sam K."`)
		resp, body = w.web.PostForm(path, url.Values{"display_name": {""}, "email": {"sam@example.org"}, "notes": {"keep me"}})
		testenv.WantStatus(t, "invalid", resp, body, 422)
		wantBody(t, "invalid", body, "The name is required", `value="sam@example.org"`, "keep me")
		resp, body = w.web.PostForm(path, noCSRF(url.Values{"display_name": {"Changed"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.web.PostForm(path, url.Values{"display_name": {"Sam Kay"}, "email": {""}, "notes": {"Prefers mornings."}})
		wantRedirect(t, "save", resp, body, path)
		wantFlash(t, "save", resp, "Changes saved.")
		_, body = w.web.Get(path)
		wantBody(t, "saved", body, "Sam Kay", "Prefers mornings.")
		// Another practitioner can neither see nor change it.
		resp, body = w.otherWeb.Get(path + "/edit")
		testenv.WantStatus(t, "other edit form", resp, body, 404)
		resp, body = w.otherWeb.PostForm(path, url.Values{"display_name": {"Hijacked"}})
		testenv.WantStatus(t, "other save", resp, body, 404)
		resp, body = w.otherWeb.PostForm(path+"/archive", nil)
		testenv.WantStatus(t, "other archive", resp, body, 404)
		c, _ := w.env.Store.ClientByID(w.ctx(), w.p.ID, w.clientID)
		if c.DisplayName != "Sam Kay" || c.ArchivedAt != nil {
			t.Fatalf("client changed by another practitioner: %+v", c.Client)
		}
	})
}

func TestPageClientArchiveRestore(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID
		id := w.assign("self-reliance-checkin")
		resp, body := w.web.PostForm(path+"/archive", noCSRF(nil))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.web.PostForm(path+"/archive", nil)
		wantRedirect(t, "archive", resp, body, path)
		_, body = w.web.Get(path)
		wantBody(t, "archived", body, "archived", "Restore client")
		a, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, id)
		if a.LinkRevokedAt == nil {
			t.Fatal("archiving did not stop the link")
		}
		resp, body = w.otherWeb.PostForm(path+"/restore", nil)
		testenv.WantStatus(t, "other restore", resp, body, 404)
		resp, body = w.web.PostForm(path+"/restore", nil)
		wantRedirect(t, "restore", resp, body, path)
		_, body = w.web.Get(path)
		wantBody(t, "restored", body, "Assign a worksheet")
	})
}

func TestPageClientNotes(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID
		resp, body := w.web.PostForm(path+"/notes", url.Values{"text": {"   "}})
		testenv.WantStatus(t, "empty note", resp, body, 422)
		wantBody(t, "empty note", body, "The note is required")
		resp, body = w.web.PostForm(path+"/notes", noCSRF(url.Values{"text": {"forged"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path+"/notes", url.Values{"text": {"not mine"}})
		testenv.WantStatus(t, "other", resp, body, 404)
		resp, body = w.web.PostForm(path+"/notes", url.Values{"text": {"Talked about <her> sister.\nFollow up."}})
		wantRedirect(t, "note", resp, body, path+"#notes")
		_, body = w.web.Get(path)
		wantBody(t, "notes", body, "Talked about &lt;her&gt; sister.\nFollow up.", `action="`+path+`/notes"`)
		wantNoBody(t, "notes", body, "forged", "not mine")
	})
}

func TestPageClientTrend(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID
		w.submit(w.assign("self-reliance-checkin"), checkin(3, ""))
		_, body := w.web.Get(path)
		wantNoBody(t, "one administration", body, "Score trends")
		for _, v := range []float64{2, 0} {
			w.env.Clock.Advance(7 * 24 * 3600 * 1e9)
			w.submit(w.assign("self-reliance-checkin"), checkin(v, ""))
		}
		w.web = w.p.Web() // the old session timed out while the clock moved
		resp, body := w.web.Get(path)
		testenv.WantStatus(t, "trend", resp, body, 200)
		// Likert 3 on the two forward items and reverse 4-3=1: 3+3+1 = 7.
		wantBody(t, "trend", body, "Score trends", `<svg class="chart"`, "<title id=", "Not asking for help",
			"7 (moderate)", "6 (moderate)", "4 (low)", `<polyline class="trend-line"`, "scores by date")
		if n := strings.Count(body, `class="trend-point"`); n != 12 {
			t.Fatalf("%d points, want 3 on each of 4 scales", n)
		}
		if strings.Contains(body, "style=") || strings.Contains(body, "<script>") {
			t.Fatal("inline style or script on the page")
		}
	})
}
