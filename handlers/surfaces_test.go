package handlers_test

import (
	"context"
	"html"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// surfacesYAML has one item of every answer type, a run of two likerts on
// one scale, an item hidden by its condition and a repeat table.
const surfacesYAML = `key: surfaces
version: 1
title: Every answer type
sections:
  - title: This week
    items:
      - {id: word, type: text, prompt: One word for this week}
      - {id: story, type: long_text, prompt: What happened}
      - {id: count, type: number, prompt: How many times did you ask, min: 0, max: 50}
      - {id: when, type: date, prompt: When was the hardest day}
      - {id: asked, type: yes_no, prompt: Did you ask anyone}
      - id: whom
        type: choice
        prompt: Whom did you ask
        allow_other: true
        options: [{value: friend, label: A friend}, {value: family, label: Family}]
      - id: why_not
        type: text
        prompt: What stopped you
        show_if: {item: asked, op: "=", value: false}
      - id: felt
        type: multi_choice
        prompt: How did it feel
        allow_other: true
        options: [{value: calm, label: Calm}, {value: exposed, label: Exposed}]
      - id: q1
        type: likert
        prompt: I kept things to myself
        options: &pts [{value: 0, label: Never}, {value: 1, label: Sometimes}, {value: 2, label: Often}]
      - id: q2
        type: likert
        prompt: I said no to an offer of help
        options: *pts
      - {id: stress, type: slider, prompt: Stress, min: 0, max: 10, min_label: calm, max_label: very stressed}
      - {id: later, type: text, prompt: Anything else}
  - title: Asks
    items:
      - id: asks
        type: repeat
        prompt: Each time you asked
        items:
          - {id: what, type: text, prompt: What}
          - {id: hard, type: slider, prompt: How hard, min: 0, max: 10}
          - {id: helped, type: yes_no, prompt: Helped}
`

var surfacesAnswers = map[string]any{
	"word": "tired", "story": "Monday was long.\nTuesday was better.", "count": 3, "when": "2026-11-04",
	"asked": true, "whom": "other", "whom_other": "my neighbour", "felt": []any{"exposed", "other"},
	"felt_other": "lighter", "q1": 2, "q2": 1, "stress": 6,
	"asks": []any{map[string]any{"what": "lift", "hard": 4, "helped": true}, map[string]any{"what": "call"}},
}

// TestOneWordingOnEverySurface sends one answer set and reads it back from
// the review page, the client's copy and the PDF: each says every answer
// in the same words, in the same order.
func TestOneWordingOnEverySurface(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	p := env.NewPractitioner("Ada", false)
	def, err := worksheets.Parse([]byte(surfacesYAML))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.SaveCustomWorksheet(context.Background(), p.ID, def); err != nil {
		t.Fatal(err)
	}
	a := p.AssignNew("surfaces", "")
	resp, body := env.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": surfacesAnswers})
	testenv.WantStatus(t, "submit", resp, body, 200)

	// What every surface must say, in order: the shared wording.
	stored, err := env.Store.AssignmentByID(context.Background(), p.ID, a.AssignmentID)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, s := range worksheets.Readable(def, stored.Answers) {
		for _, it := range s.Items {
			want = append(want, it.Prompt)
			switch {
			case it.Missing:
				want = append(want, worksheets.NotAnswered)
			case it.Table != nil:
				for _, row := range it.Table.Rows {
					for _, c := range row {
						if !c.Hidden && !c.Missing {
							want = append(want, c.Text)
						}
					}
				}
			default:
				for _, l := range it.Lines() {
					want = append(want, strings.Split(l, "\n")...)
				}
			}
			if it.Scale != "" {
				want = append(want, it.Scale)
			}
		}
	}
	for _, w := range []string{"Wednesday 4 November 2026", "Other: my neighbour", "Often (2)", "Sometimes (1)",
		"6 out of 10", "0 = Never … 2 = Often", "4 out of 10", worksheets.NotAnswered} {
		if !contains(want, w) {
			t.Fatalf("the shared wording lacks %q: %q", w, want)
		}
	}

	review := pageText(p.Web().Get("/assignments/" + a.AssignmentID))
	copyText := pageText(clientCopy(t, env, a.Token()))
	pdfResp, pdf := p.API("GET", "/api/v1/assignments/"+a.AssignmentID+"/pdf", nil)
	testenv.WantStatus(t, "pdf", pdfResp, "", 200)
	surfaces := map[string]string{"review page": review, "client copy": copyText, "PDF": pdfText(t, []byte(pdf))}
	for name, text := range surfaces {
		if text == "" {
			t.Fatalf("%s is empty", name)
		}
		at := 0
		for _, w := range want {
			i := strings.Index(text[at:], strings.Join(strings.Fields(w), " "))
			if i < 0 {
				t.Errorf("%s does not say %q after position %d:\n%s", name, w, at, text[at:min(len(text), at+400)])
				break
			}
			at += i + len(w)
		}
		if strings.Contains(text, "What stopped you") {
			t.Errorf("%s shows an item its condition hides", name)
		}
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

var tagRe = regexp.MustCompile(`(?s)<script.*?</script>|<style.*?</style>|<[^>]*>`)

// pageText is a page's visible text with white space folded.
func pageText(resp *http.Response, body string) string {
	if resp.StatusCode != 200 {
		return ""
	}
	if i := strings.Index(body, "<main"); i >= 0 {
		body = body[i:]
	}
	return strings.Join(strings.Fields(html.UnescapeString(tagRe.ReplaceAllString(body, " "))), " ")
}

// clientCopy opens the client's link (exchanging it for the fill cookie)
// and fetches their read-only copy.
func clientCopy(t *testing.T, env *testenv.Env, token string) (*http.Response, string) {
	t.Helper()
	resp, body := env.Do(httptest.NewRequest("GET", "/w/"+token, nil))
	testenv.WantStatus(t, "open link", resp, body, 303)
	req := httptest.NewRequest("GET", "/f/answers", nil)
	for _, c := range resp.Cookies() {
		req.AddCookie(c)
	}
	return env.Do(req)
}

func pdfText(t *testing.T, pdf []byte) string { return testenv.PDFText(t, pdf) }
