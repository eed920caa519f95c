package web_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

var linkRe = regexp.MustCompile(`http://tend\.test/w/([A-Za-z0-9_-]{43})`)

func TestPageAssign(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		path := "/clients/" + w.clientID + "/assign"
		resp, body := w.web.Get(path + "?worksheet=support-map")
		testenv.WantStatus(t, "form", resp, body, 200)
		wantBody(t, "form", body, "Weekly check-in", `href="/worksheets/self-reliance-checkin"`, `value="support-map" checked`, `value="2026-11-09"`)

		resp, body = w.web.PostForm(path, url.Values{"due_on": {"soon"}, "instructions": {"Before <Thursday>"}})
		testenv.WantStatus(t, "invalid", resp, body, 422)
		wantBody(t, "invalid", body, "Choose at least one worksheet.", "The due date must be a date like", `value="soon"`, "Before &lt;Thursday&gt;")
		resp, body = w.web.PostForm(path, url.Values{"worksheet": {"no-such-sheet"}, "due_on": {"2026-10-01"}})
		testenv.WantStatus(t, "unknown and past", resp, body, 422)
		wantBody(t, "unknown and past", body, "must not be in the past")
		resp, body = w.web.PostForm(path, url.Values{"worksheet": {"no-such-sheet"}})
		testenv.WantStatus(t, "unknown", resp, body, 422)
		wantBody(t, "unknown", body, "One of the chosen worksheets is not in your library")

		resp, body = w.web.PostForm(path, noCSRF(url.Values{"worksheet": {"self-reliance-checkin"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.otherWeb.Get(path)
		testenv.WantStatus(t, "other form", resp, body, 404)
		resp, body = w.otherWeb.PostForm(path, url.Values{"worksheet": {"self-reliance-checkin"}})
		testenv.WantStatus(t, "other assign", resp, body, 404)
		if rows, _, _ := w.env.Store.ListAssignments(w.ctx(), w.p.ID, models.AssignmentFilter{}, models.Page{}); len(rows) != 0 {
			t.Fatalf("%d assignments made by refused requests", len(rows))
		}

		// Post/redirect/get: the POST assigns and redirects; the link page
		// shows the link once; a reload shows no link and assigns nothing.
		resp, body = w.web.PostForm(path, url.Values{"worksheet": {"self-reliance-checkin"}, "due_on": {"2026-11-12"}, "instructions": {"Each Sunday"}})
		rows, _, _ := w.env.Store.ListAssignments(w.ctx(), w.p.ID, models.AssignmentFilter{}, models.Page{})
		if len(rows) != 1 {
			t.Fatalf("%d assignments", len(rows))
		}
		linkPath := "/assignments/" + rows[0].ID + "/link"
		wantRedirect(t, "assign", resp, body, linkPath)
		resp, body = w.web.Get(linkPath)
		testenv.WantStatus(t, "link page", resp, body, 200)
		m := linkRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatalf("no link on the result page\n%s", body)
		}
		wantBody(t, "link page", body, "Worksheet assigned", `<svg class="qr"`, `<path d="M`, `data-copy="client-link"`, "cannot be shown again")
		resp, body = w.web.Get(linkPath)
		testenv.WantStatus(t, "reload", resp, body, 200)
		wantBody(t, "reload", body, "already shown once", `action="`+linkPath+`"`, "Issue a new link")
		wantNoBody(t, "reload", body, m[1], `<svg class="qr"`)
		if rows, _, _ := w.env.Store.ListAssignments(w.ctx(), w.p.ID, models.AssignmentFilter{}, models.Page{}); len(rows) != 1 {
			t.Fatalf("%d assignments after reloading the link page", len(rows))
		}
		// Only the session that assigned sees it, and only its owner.
		resp, body = w.otherWeb.Get(linkPath)
		testenv.WantStatus(t, "other link page", resp, body, 404)
		if strings.Contains(w.env.LogText(), m[1]) {
			t.Fatal("the link token is in the log")
		}
		for _, c := range w.web.Jar.Cookies(&url.URL{Scheme: "http", Host: "tend.test", Path: "/"}) {
			if strings.Contains(c.Value, m[1]) {
				t.Fatalf("the link token is in cookie %s", c.Name)
			}
		}
		// The link is shown once: the assignment page never has it.
		_, body = w.web.Get("/assignments/" + rows[0].ID)
		wantNoBody(t, "assignment page", body, m[1])
		if id, err := w.env.Store.AssignmentByLink(w.ctx(), m[1]); err != nil || id != rows[0].ID {
			t.Fatalf("the shown link does not open the assignment: %v", err)
		}
	})
}

func TestPageLinkShownToItsSessionOnly(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("self-reliance-checkin")
		path := "/assignments/" + id + "/link"
		resp, body := w.web.PostForm(path, nil)
		wantRedirect(t, "reissue", resp, body, path)
		// The same practitioner in another browser: no link there.
		_, body = w.p.Web().Get(path)
		wantBody(t, "other session", body, "already shown once")
		if linkRe.MatchString(body) {
			t.Fatal("another session was shown the link")
		}
		// A HEAD request (a link checker) does not use up the one view.
		w.web.Do(httptest.NewRequest(http.MethodHead, path, nil))
		_, body = w.web.Get(path)
		wantBody(t, "this session", body, "New link ready", "old link has stopped working")
		if linkRe.FindStringSubmatch(body) == nil {
			t.Fatal("no new link shown")
		}
	})
}

func TestPageAssignArchivedClient(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		w.web.PostForm("/clients/"+w.clientID+"/archive", nil)
		resp, body := w.web.PostForm("/clients/"+w.clientID+"/assign", url.Values{"worksheet": {"self-reliance-checkin"}})
		testenv.WantStatus(t, "archived", resp, body, 422)
		wantBody(t, "archived", body, "archived")
	})
}

func TestPageReviewSubmitted(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("weekly-connection-checkin")
		w.submit(id, worksheets.Answers{"stress": 7.0, "loneliness": 9.0, "asked_help": false,
			"asked_help_barrier": "Didn't want to <bother> anyone", "harm_thoughts": true})
		path := "/assignments/" + id
		resp, body := w.web.Get(path)
		testenv.WantStatus(t, "review", resp, body, 200)
		wantBody(t, "review", body, "Flags to follow up", "self-harm", "Acknowledge", "Mark reviewed",
			"Didn&#39;t want to &lt;bother&gt; anyone", "7 out of 10", "Not answered", "Stress this week", "Loneliness this week", "9 <span class=\"muted\">of 10",
			"high", `href="/assignments/`+id+`/pdf"`)
		// The answers the flags read are marked in the list; others are not.
		for _, re := range []string{`<div class="qa-item qa-flagged qa-flagged-high">\s*<dt>In the past week, have you had thoughts of hurting yourself`,
			`<div class="qa-item qa-flagged qa-flagged-medium">\s*<dt>Over the past week, how lonely`,
			`<div class="qa-item">\s*<dt>Over the past week, how stressed`} {
			if !regexp.MustCompile(re).MatchString(body) {
				t.Errorf("review page: no match for %s", re)
			}
		}
		// The story question is hidden by its condition (asked_help = no).
		a, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, id)
		story, _ := a.Worksheet.Def.ItemByID("asked_help_story")
		wantNoBody(t, "hidden item", body, story.Prompt)
		flags := a.Flags
		if len(flags) != 2 {
			t.Fatalf("%d flags", len(flags))
		}
		// Acknowledge: CSRF, owner and flag-of-this-assignment checks.
		ack := path + "/flags/" + flags[0].ID + "/acknowledge"
		resp, body = w.web.PostForm(ack, noCSRF(nil))
		testenv.WantStatus(t, "ack no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(ack, nil)
		testenv.WantStatus(t, "ack other", resp, body, 404)
		other := w.assign("self-reliance-checkin")
		resp, body = w.web.PostForm("/assignments/"+other+"/flags/"+flags[0].ID+"/acknowledge", nil)
		testenv.WantStatus(t, "ack through another assignment", resp, body, 404)
		// A high flag cannot be marked reviewed past, nor acknowledged without a note.
		resp, body = w.web.PostForm(path+"/review", nil)
		testenv.WantStatus(t, "review with a high flag open", resp, body, 422)
		wantBody(t, "review with a high flag open", body, "A high-severity flag is still open", "Mark reviewed")
		resp, body = w.web.PostForm(ack, url.Values{"note": {"  "}})
		testenv.WantStatus(t, "ack without a note", resp, body, 422)
		wantBody(t, "ack without a note", body, "The note is required for a high-severity flag", "Flags to follow up")
		resp, body = w.web.PostForm(ack, url.Values{"note": {"Phoned Sam <same day>; safety plan reviewed."}})
		wantRedirect(t, "ack", resp, body, path)
		_, body = w.web.Get(path)
		wantBody(t, "after ack", body, "Acknowledged flags", "Phoned Sam &lt;same day&gt;; safety plan reviewed.", "by "+w.p.Name)

		// Mark reviewed.
		resp, body = w.web.PostForm(path+"/review", noCSRF(nil))
		testenv.WantStatus(t, "review no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path+"/review", nil)
		testenv.WantStatus(t, "review other", resp, body, 404)
		resp, body = w.web.PostForm(path+"/review", nil)
		wantRedirect(t, "reviewed", resp, body, path)
		_, body = w.web.Get(path)
		wantBody(t, "reviewed", body, "Reviewed")
		wantNoBody(t, "reviewed", body, "Mark reviewed", "Issue a new link")
		resp, body = w.web.PostForm(path+"/review", nil)
		testenv.WantStatus(t, "reviewed twice", resp, body, 409)
	})
}

func TestPageReviewRepeatAndDraft(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("delegation-at-work")
		path := "/assignments/" + id
		_, body := w.web.Get(path)
		wantBody(t, "not started", body, "Not started yet")
		draft := worksheets.Answers{"held_tasks": []any{
			map[string]any{"task": "Planning the rota", "fear": "It falls apart", "cost": 8.0},
			map[string]any{"task": "Checking reports"},
		}, "familiar_thoughts": []any{"done_wrong", "other"}, "familiar_thoughts_other": "Nobody asked"}
		if _, _, err := w.env.Store.SaveDraft(w.ctx(), id, 0, draft); err != nil {
			t.Fatal(err)
		}
		resp, body := w.web.Get(path)
		testenv.WantStatus(t, "draft", resp, body, 200)
		wantBody(t, "draft", body, "still working", "Last saved 2 Nov 2026, 09:00", `<table class="repeat">`,
			"<td class=\"pre\">Planning the rota</td>", "8 out of 10", "Checking reports", "It won&#39;t be done right.", "Other: Nobody asked",
			"Issue a new link", "Cancel assignment")
		wantNoBody(t, "draft", body, "Mark reviewed")
	})
}

func TestPageAssignmentNotes(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("self-reliance-checkin")
		path := "/assignments/" + id
		resp, body := w.web.PostForm(path+"/notes", url.Values{"text": {""}})
		testenv.WantStatus(t, "empty", resp, body, 422)
		wantBody(t, "empty", body, "The note is required")
		resp, body = w.web.PostForm(path+"/notes", noCSRF(url.Values{"text": {"forged"}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path+"/notes", url.Values{"text": {"sneaky"}})
		testenv.WantStatus(t, "other", resp, body, 404)
		resp, body = w.web.PostForm(path+"/notes", url.Values{"text": {"Ask about the <weekend>."}})
		wantRedirect(t, "note", resp, body, path+"#notes")
		_, page := w.web.Get(path)
		wantBody(t, "note form", page, `action="`+path+`/notes"`)
		_, body = w.web.Get(path)
		wantBody(t, "note", body, "Ask about the &lt;weekend&gt;.")
		_, body = w.web.Get("/clients/" + w.clientID)
		wantBody(t, "on client page", body, "Ask about the &lt;weekend&gt;.", "about an assignment")
		wantNoBody(t, "notes", body, "forged", "sneaky")
	})
}

func TestPageReissueAndCancel(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.assign("self-reliance-checkin")
		path := "/assignments/" + id
		before, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, id)
		resp, body := w.web.PostForm(path+"/link", noCSRF(nil))
		testenv.WantStatus(t, "reissue no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path+"/link", nil)
		testenv.WantStatus(t, "reissue other", resp, body, 404)
		after, _ := w.env.Store.AssignmentByID(w.ctx(), w.p.ID, id)
		if after.LinkTokenHash != before.LinkTokenHash {
			t.Fatal("a refused request changed the link")
		}
		resp, body = w.web.PostForm(path+"/link", nil)
		wantRedirect(t, "reissue", resp, body, path+"/link")
		_, body = w.web.Get(path + "/link")
		wantBody(t, "reissue", body, "New link ready", "old link has stopped working", `<svg class="qr"`)
		if linkRe.FindStringSubmatch(body) == nil {
			t.Fatal("no new link shown")
		}

		resp, body = w.web.PostForm(path+"/cancel", noCSRF(nil))
		testenv.WantStatus(t, "cancel no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm(path+"/cancel", nil)
		testenv.WantStatus(t, "cancel other", resp, body, 404)
		resp, body = w.web.PostForm(path+"/cancel", nil)
		wantRedirect(t, "cancel", resp, body, path)
		_, body = w.web.Get(path)
		wantBody(t, "cancelled", body, "Cancelled")
		wantNoBody(t, "cancelled", body, "Issue a new link")
		_, body = w.web.Get(path + "/link")
		wantNoBody(t, "cancelled link page", body, "Issue a new link")
		resp, body = w.web.PostForm(path+"/link", nil)
		testenv.WantStatus(t, "reissue cancelled", resp, body, 409)
		if !strings.Contains(body, "cancelled") {
			t.Fatalf("409 page does not say why: %s", body)
		}
	})
}
