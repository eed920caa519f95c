package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestPageAssignSeveral: ticking several worksheets gives each its own
// assignment, in course order, with one due date and note; the assigned
// page shows every link and QR code once; a bad list assigns nothing.
func TestPageAssignSeveral(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID + "/assign"
		_, body := w.web.Get(path)
		wantBody(t, "form", body, `type="checkbox" name="worksheet"`, "Choose one or more worksheets")
		// Course order: the origins worksheet (20) comes before the support map (40).
		if strings.Index(body, `value="help-seeking-origins"`) > strings.Index(body, `value="support-map"`) {
			t.Error("the worksheets are not in course order")
		}
		count := func() int {
			rows, _, _ := w.env.Store.ListAssignments(w.ctx(), w.p.ID, models.AssignmentFilter{}, models.Page{})
			return len(rows)
		}
		resp, body := w.web.PostForm(path, url.Values{"worksheet": {"support-map", "no-such-sheet"}, "due_on": {"2026-11-12"}})
		testenv.WantStatus(t, "one unknown", resp, body, 422)
		wantBody(t, "one unknown", body, "One of the chosen worksheets is not in your library", `value="support-map" checked`)
		if n := count(); n != 0 {
			t.Fatalf("a refused list made %d assignments", n)
		}

		resp, body = w.web.PostForm(path, url.Values{"worksheet": {"support-map", "weekly-connection-checkin"},
			"due_on": {"2026-11-12"}, "instructions": {"One each evening"}})
		testenv.WantStatus(t, "assign two", resp, body, 303)
		loc := resp.Header.Get("Location")
		if !strings.HasPrefix(loc, "/clients/"+w.clientID+"/assigned?a=") || count() != 2 {
			t.Fatalf("assign two: %q, %d assignments", loc, count())
		}
		resp, body = w.web.Get(loc)
		testenv.WantStatus(t, "assigned page", resp, body, 200)
		links := regexp.MustCompile(`http://tend\.test/w/[A-Za-z0-9_-]{43}`).FindAllString(body, -1)
		if len(links) != 2 || links[0] == links[1] || strings.Count(body, `<svg class="qr"`) != 2 {
			t.Fatalf("want two links and two QR codes:\n%s", body)
		}
		wantBody(t, "assigned page", body, "My support map", "Weekly connection check-in", "cannot be shown again")
		for _, l := range links {
			if _, err := w.env.Store.AssignmentByLink(w.ctx(), l[strings.LastIndex(l, "/")+1:]); err != nil {
				t.Errorf("link %s does not open", l)
			}
		}
		_, body = w.web.Get(loc)
		wantBody(t, "reload", body, "already shown once")
		wantNoBody(t, "reload", body, links[0], links[1])
		resp, body = w.otherWeb.Get(loc)
		testenv.WantStatus(t, "other's assigned page", resp, body, 404)
	})
}

// TestPageHomeLink: the client page turns their own page on (the link and
// its QR card shown once), issues a new link (the old stops) and turns it
// off; archiving the client ends it.
func TestPageHomeLink(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		cpath := "/clients/" + w.clientID
		_, body := w.web.Get(cpath)
		wantBody(t, "client page, off", body, "Their own page", ">Off<", "Turn on and get the link")
		home := regexp.MustCompile(`http://tend\.test/c/([A-Za-z0-9_-]{43})`)

		resp, body := w.web.PostForm(cpath+"/home-link", url.Values{})
		wantRedirect(t, "turn on", resp, body, cpath+"/home-link")
		_, body = w.web.Get(cpath + "/home-link")
		first := home.FindStringSubmatch(body)
		if first == nil {
			t.Fatalf("no link on the home-link page:\n%s", body)
		}
		wantBody(t, "home-link page", body, `class="qr-card"`, `<svg class="qr"`, "Keep this card private", "Print the card")
		_, body = w.web.Get(cpath + "/home-link")
		wantBody(t, "reload", body, "already shown once", "Issue a new link")
		wantNoBody(t, "reload", body, first[1])
		_, body = w.web.Get(cpath)
		wantBody(t, "client page, on", body, ">On<", "Issue a new link", "Turn off")

		w.web.PostForm(cpath+"/home-link", url.Values{})
		_, body = w.web.Get(cpath + "/home-link")
		second := home.FindStringSubmatch(body)
		if second == nil || second[1] == first[1] || !strings.Contains(body, "The old link has stopped working") {
			t.Fatalf("re-issue:\n%s", body)
		}
		if _, err := w.env.Store.ClientByHomeLink(w.ctx(), first[1]); err == nil {
			t.Fatal("the first link still opens")
		}
		if strings.Contains(w.env.LogText(), second[1]) {
			t.Fatal("a home link token is in the log")
		}

		resp, body = w.web.PostForm(cpath+"/home-link/revoke", url.Values{})
		wantRedirect(t, "turn off", resp, body, cpath+"#home")
		if _, err := w.env.Store.ClientByHomeLink(w.ctx(), second[1]); err == nil {
			t.Fatal("the link opens after turning the page off")
		}
		_, body = w.web.Get(cpath)
		wantBody(t, "client page, off again", body, "Their own page is off", ">Off<")

		w.web.PostForm(cpath+"/home-link", url.Values{})
		_, body = w.web.Get(cpath + "/home-link")
		third := home.FindStringSubmatch(body)
		w.web.PostForm(cpath+"/archive", url.Values{})
		if _, err := w.env.Store.ClientByHomeLink(w.ctx(), third[1]); err == nil {
			t.Fatal("archiving left their own page on")
		}
		_, body = w.web.Get(cpath)
		wantNoBody(t, "archived", body, "Turn on and get the link")
	})
}
