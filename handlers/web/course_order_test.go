package web_test

import (
	"reflect"
	"regexp"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

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
		want := []string{"help-seeking-origins", "my-bridge", "relational-timeline", "support-map", "self-reliance-checkin",
			"weekly-connection-checkin", "delegation-at-work", "small-steps-experiment", "my-extra"}
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
