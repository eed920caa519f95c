package web_test

import (
	"bytes"
	"mime/multipart"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

func TestPageWorksheetLibrary(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/worksheets")
		testenv.WantStatus(t, "library", resp, body, 200)
		wantBody(t, "library", body, "Weekly check-in - doing it all alone", "About 5 min", "13 questions", "built in",
			`href="/worksheets/delegation-at-work.yaml"`)

		resp, body = w.web.Get("/worksheets/delegation-at-work")
		testenv.WantStatus(t, "preview", resp, body, 200)
		wantBody(t, "preview", body, "What your client sees", "For you", `<table class="repeat">`, "Add another row",
			`type="range"`, "disabled", "Tasks I keep doing myself")
		if strings.Contains(body, `name="_csrf" value="" `) || strings.Contains(body, "<form method=\"post\" action=\"/w/") {
			t.Fatal("the preview must not be a fillable form")
		}
		_, body = w.web.Get("/worksheets/self-reliance-checkin")
		wantBody(t, "guide", body, "<h3>When to assign it</h3>", "Scales", "up to 4", "Not asking for help",
			"scored when at least 2 are answered, prorated when some are skipped")
		_, body = w.web.Get("/worksheets/weekly-connection-checkin")
		wantBody(t, "conditions and flags", body, "Shown only when “Did you ask anyone for help this week?” is Yes", "When “In the past week, have you had thoughts of hurting yourself", "…” is Yes: Client reported",
			"The client is shown the crisis contacts", "After sending, the client reads: “It sounds like this week has felt lonely.")

		resp, body = w.web.Get("/worksheets/no-such-sheet")
		testenv.WantStatus(t, "unknown", resp, body, 404)
	})
}

func TestPageWorksheetYAML(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/worksheets/self-reliance-checkin.yaml")
		testenv.WantStatus(t, "yaml", resp, body, 200)
		if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="tend-self-reliance-checkin-v3.yaml"` {
			t.Fatalf("Content-Disposition %q", cd)
		}
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/yaml") {
			t.Fatalf("Content-Type %q", resp.Header.Get("Content-Type"))
		}
		if _, err := worksheets.Parse([]byte(body)); err != nil {
			t.Fatalf("downloaded YAML does not parse: %v", err)
		}
		resp, body = w.web.Get("/worksheets/nope.yaml")
		testenv.WantStatus(t, "unknown", resp, body, 404)
	})
}

// mine is the built-in check-in under a key of the practitioner's own.
func mine(t *testing.T) string {
	src, ok := worksheets.LibraryYAML("self-reliance-checkin")
	if !ok {
		t.Fatal("no library yaml")
	}
	return strings.Replace(string(src), "key: self-reliance-checkin", "key: my-checkin", 1)
}

func TestPageWorksheetUpload(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		resp, body := w.web.Get("/worksheets/upload?from=self-reliance-checkin")
		testenv.WantStatus(t, "form", resp, body, 200)
		wantBody(t, "form", body, "key: self-reliance-checkin", "change the <code>key:</code>")

		// Problems: every one listed with its line, the YAML kept, nothing saved.
		bad := strings.Replace(mine(t), "type: likert", "type: likret", 1)
		bad = strings.Replace(bad, "estimated_minutes: 5", "estimated_minutes: five", 1)
		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {bad}})
		testenv.WantStatus(t, "invalid", resp, body, 422)
		wantBody(t, "invalid", body, "Nothing was saved", "<strong>Line 5</strong>", "type: likret", "key: my-checkin")
		if strings.Count(body, "<strong>Line ") < 2 {
			t.Fatal("not every problem is listed with a line")
		}
		resp, body = w.web.Get("/worksheets/my-checkin")
		testenv.WantStatus(t, "not saved", resp, body, 404)

		// The key of a built-in is taken.
		src, _ := worksheets.LibraryYAML("self-reliance-checkin")
		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {string(src)}})
		testenv.WantStatus(t, "key taken", resp, body, 422)
		wantBody(t, "key taken", body, "already used", "<strong>Line 1</strong>")

		resp, body = w.web.PostForm("/worksheets/upload", noCSRF(url.Values{"yaml": {mine(t)}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)

		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {mine(t)}})
		wantRedirect(t, "upload", resp, body, "/worksheets/my-checkin")
		wantFlash(t, "upload", resp, "Worksheet saved as your own.")
		resp, body = w.web.Get("/worksheets/my-checkin")
		testenv.WantStatus(t, "own", resp, body, 200)
		wantBody(t, "own", body, "your own")
		// Custom worksheets are the owner's: another practitioner gets 404.
		resp, body = w.otherWeb.Get("/worksheets/my-checkin")
		testenv.WantStatus(t, "other", resp, body, 404)
		resp, body = w.otherWeb.Get("/worksheets/my-checkin.yaml")
		testenv.WantStatus(t, "other yaml", resp, body, 404)
		resp, body = w.otherWeb.PostForm("/worksheets/upload", url.Values{"yaml": {mine(t)}})
		testenv.WantStatus(t, "other takes the key", resp, body, 422)
	})
}

func TestPageWorksheetUploadFile(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		var buf bytes.Buffer
		mw := multipart.NewWriter(&buf)
		mw.WriteField("_csrf", w.web.CSRF)
		mw.WriteField("yaml", "")
		fw, _ := mw.CreateFormFile("file", "mine.yaml")
		fw.Write([]byte(mine(t)))
		mw.Close()
		req := httptest.NewRequest("POST", "/worksheets/upload", &buf)
		req.Header.Set("Content-Type", mw.FormDataContentType())
		resp, body := w.web.Do(req)
		wantRedirect(t, "file upload", resp, body, "/worksheets/my-checkin")
	})
}

// TestPageWorksheetsInCourseOrder: the library page and the assign page
// list worksheets in course order, then by title; a custom worksheet with
// a course_order takes its place among the built-ins, one without comes
// after them.
func TestPageWorksheetsInCourseOrder(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		for _, src := range []string{
			"key: my-bridge\nversion: 1\ntitle: A bridge\ncourse_order: 25\nsections: [{items: [{id: a, type: text, prompt: P}]}]\n",
			"key: my-extra\nversion: 1\ntitle: An extra\nsections: [{items: [{id: a, type: text, prompt: P}]}]\n",
		} {
			d, err := worksheets.Parse([]byte(src))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := w.env.Store.SaveCustomWorksheet(w.ctx(), w.p.ID, d); err != nil {
				t.Fatal(err)
			}
		}
		want := []string{"healthy-independence", "what-doing-it-alone-does", "connection-values", "help-seeking-origins",
			"my-bridge", "relational-timeline", "always-on-guard", "support-map", "trust-with-what", "self-reliance-checkin",
			"weekly-connection-checkin", "asking-ladder", "asking-receiving-no", "delegation-at-work", "small-steps-experiment",
			"small-steps-followup", "letting-partner-in", "safety-plan", "looking-back", "my-extra"}
		for page, re := range map[string]*regexp.Regexp{
			"/worksheets":                        regexp.MustCompile(`<h2 class="ws-title"><a href="/worksheets/([a-z-]+)"`),
			"/clients/" + w.clientID + "/assign": regexp.MustCompile(`name="worksheet" id="ws-[a-z-]+" value="([a-z-]+)"`),
		} {
			resp, body := w.web.Get(page)
			testenv.WantStatus(t, page, resp, body, 200)
			var got []string
			for _, m := range re.FindAllStringSubmatch(body, -1) {
				got = append(got, m[1])
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s order:\n got %v\nwant %v", page, got, want)
			}
		}
	})
}
