package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// A worksheet downloads as a FHIR Questionnaire; uploading one (pasted or
// as a file) saves it as the practitioner's own, saying what changed;
// a broken one is refused with the place of each problem.
func TestPageWorksheetFHIR(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		_, body := w.web.Get("/worksheets/small-steps-experiment")
		wantBody(t, "worksheet page", body, `href="/worksheets/small-steps-experiment/fhir.json"`, "Download FHIR")
		resp, q := w.web.Get("/worksheets/small-steps-experiment/fhir.json")
		testenv.WantStatus(t, "fhir", resp, q, 200)
		if cd := resp.Header.Get("Content-Disposition"); !strings.Contains(cd, `filename="tend-small-steps-experiment-v`) || !strings.HasSuffix(cd, `.fhir.json"`) {
			t.Fatalf("Content-Disposition %q", cd)
		}
		mineQ := strings.Replace(q, `"id": "small-steps-experiment"`, `"id": "my-steps"`, 1)
		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {mineQ}})
		wantRedirect(t, "import", resp, body, "/worksheets/my-steps")
		wantFlash(t, "import", resp, "FHIR questionnaire saved as your own worksheet.")
		_, body = w.web.Get("/worksheets/my-steps")
		wantBody(t, "imported", body, "your own")

		foreign := `{"resourceType":"Questionnaire","title":"Sleep diary","item":[{"linkId":"1","type":"dateTime","text":"When did you wake?"}]}`
		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {foreign}})
		wantRedirect(t, "foreign", resp, body, "/worksheets/sleep-diary")
		_, body = w.web.Get("/worksheets/sleep-diary")
		wantBody(t, "foreign", body, "Some parts changed on the way", "dateTime is asked as a date", "When did you wake?")

		bad := `{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"a","type":"string","text":"A","enableWhen":[{"question":"zz","operator":"exists","answerBoolean":true}]}]}`
		resp, body = w.web.PostForm("/worksheets/upload", url.Values{"yaml": {bad}})
		testenv.WantStatus(t, "bad", resp, body, 422)
		wantBody(t, "bad", body, "Nothing was saved", "<code>/item/0/enableWhen/0/question</code>", "not a question here")

		resp, body = w.otherWeb.Get("/worksheets/my-steps/fhir.json")
		testenv.WantStatus(t, "other", resp, body, 404)
	})
}
