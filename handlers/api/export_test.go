package api_test

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"strings"
	"testing"

	gfhir "github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"
	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/internal/testenv"
)

// A worksheet whose scale and band names a spreadsheet would run as
// formulas.
const trickySheet = `key: tricky-scores
version: 1
title: Tricky scores
sections:
  - title: One
    items:
      - id: q1
        type: likert
        prompt: How true was it?
        options: [{value: 0, label: Not at all}, {value: 3, label: Very}]
      - id: words
        type: text
        prompt: Anything else?
scales:
  - id: s1
    title: '=HYPERLINK("http://evil.example","click")' 
    items: [q1]
    method: sum
    bands: [{max: 1, label: "+low"}, {label: "@high"}]
`

func zipFiles(t *testing.T, body string) map[string][]byte {
	t.Helper()
	zr, err := zip.NewReader(strings.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatalf("the export does not open as a ZIP: %v", err)
	}
	out := map[string][]byte{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		out[f.Name], _ = io.ReadAll(rc)
		rc.Close()
	}
	return out
}

// The export opens as a ZIP holding the client's record as JSON, a FHIR
// Bundle that R4 accepts and whose responses match their questionnaires, a
// CSV of scores that reads back with formulas neutralised, and each
// assignment's PDF.
func TestAPIClientExport(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Ada Therapist", false)
			if resp, body := p.Send("POST", "/api/v1/worksheets", "application/yaml", trickySheet); resp.StatusCode != 201 {
				t.Fatalf("worksheet: %d %s", resp.StatusCode, body)
			}
			a := p.AssignNew("tricky-scores", "")
			resp, body := env.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
				"q1": 3, "words": "=1+1 lemon-kite"}})
			testenv.WantStatus(t, "submit", resp, body, 200)
			resp, body = p.API("POST", "/api/v1/clients/"+a.ClientID+"/assignments", map[string]any{"worksheet_key": "weekly-connection-checkin"})
			testenv.WantStatus(t, "second", resp, body, 201)

			resp, body = p.API("GET", "/api/v1/clients/"+a.ClientID+"/export", nil)
			testenv.WantStatus(t, "export", resp, body, 200)
			if resp.Header.Get("Content-Type") != "application/zip" || !strings.Contains(resp.Header.Get("Content-Disposition"), ".zip") {
				t.Fatalf("headers: %v", resp.Header)
			}
			files := zipFiles(t, body)
			var cj struct {
				Client      map[string]any   `json:"client"`
				Assignments []map[string]any `json:"assignments"`
			}
			if err := json.Unmarshal(files["client.json"], &cj); err != nil {
				t.Fatalf("client.json: %v\n%s", err, files["client.json"])
			}
			if cj.Client["display_name"] != "Sam K." || len(cj.Assignments) != 2 || !strings.Contains(string(files["client.json"]), "lemon-kite") {
				t.Fatalf("client.json: %s", files["client.json"])
			}

			u, err := jsonformat.NewUnmarshaller("UTC", gfhir.R4)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := u.Unmarshal(files["questionnaire-responses.json"]); err != nil {
				t.Fatalf("the Bundle is not valid FHIR R4: %v", err)
			}
			var bundle struct {
				Entry []struct {
					Resource fhir.QuestionnaireResponse `json:"resource"`
				} `json:"entry"`
			}
			json.Unmarshal(files["questionnaire-responses.json"], &bundle)
			if len(bundle.Entry) != 2 {
				t.Fatalf("bundle entries: %d", len(bundle.Entry))
			}
			for _, e := range bundle.Entry {
				key := e.Resource.Questionnaire[strings.LastIndex(e.Resource.Questionnaire, "/")+1 : strings.Index(e.Resource.Questionnaire, "|")]
				_, qjs := p.API("GET", "/api/v1/worksheets/"+key+"/fhir", nil)
				var q fhir.Questionnaire
				json.Unmarshal([]byte(qjs), &q)
				if issues := fhir.ValidateResponse(&q, &e.Resource); len(issues) > 0 {
					t.Errorf("%s: %+v", key, issues)
				}
			}

			rows, err := csv.NewReader(bytes.NewReader(files["scores.csv"])).ReadAll()
			if err != nil || len(rows) != 2 {
				t.Fatalf("scores.csv: %v %q", err, files["scores.csv"])
			}
			row := strings.Join(rows[1], "|")
			if !strings.Contains(row, `|'=HYPERLINK("http://evil.example","click")|3|0|3|'@high|`) {
				t.Fatalf("scores.csv row not neutralised: %s", row)
			}

			pdfs := 0
			for name, data := range files {
				if strings.HasPrefix(name, "pdf/") && strings.HasSuffix(name, ".pdf") {
					pdfs++
					if txt := testenv.PDFText(t, data); strings.Contains(txt, "Tricky scores") && !strings.Contains(txt, "lemon-kite") {
						t.Errorf("the PDF lacks the answer: %s", txt)
					}
				}
			}
			if pdfs != 2 {
				t.Fatalf("want 2 PDFs, got %d (%v)", pdfs, len(files))
			}
		})
	}
}

// client.json holds the client's schedules and courses, each with what it
// has released and the assignments each release created.
func TestAPIClientExportPlans(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t, db)
			p := f.p
			resp, body := p.API("POST", "/api/v1/clients/"+f.clientID+"/schedules", map[string]any{"worksheet_keys": []string{"support-map"},
				"every": "week", "weekday": 1, "start_on": "2026-11-02", "count": 3, "release_time": "00:00", "instructions": "plum-lantern"})
			testenv.WantStatus(t, "schedule", resp, body, 201)
			course := "key: mine\ntitle: Plan and follow-up\nsteps:\n  - {id: plan, worksheet: small-steps-experiment, day: 0}\n  - {id: after, worksheet: support-map, after: {step: plan, days: 7}}\n"
			resp, body = p.Send("POST", "/api/v1/courses", "application/yaml", course)
			testenv.WantStatus(t, "course", resp, body, 201)
			resp, body = p.API("POST", "/api/v1/clients/"+f.clientID+"/courses", map[string]any{"course_key": "mine", "start_on": "2026-11-02", "release_time": "00:00"})
			testenv.WantStatus(t, "enrol", resp, body, 201)
			if _, err := f.env.Store.ReleaseDue(context.Background(), f.env.Clock.Now()); err != nil {
				t.Fatal(err)
			}

			resp, body = p.API("GET", "/api/v1/clients/"+f.clientID+"/export", nil)
			testenv.WantStatus(t, "export", resp, body, 200)
			type release struct {
				Occurrence    int      `json:"occurrence"`
				AssignmentIDs []string `json:"assignment_ids"`
			}
			var cj struct {
				Schedules []struct {
					Instructions string    `json:"instructions"`
					State        string    `json:"state"`
					Releases     []release `json:"releases"`
				} `json:"schedules"`
				Courses []struct {
					CourseKey string `json:"course_key"`
					Steps     []struct {
						State        string `json:"state"`
						AssignmentID string `json:"assignment_id"`
					} `json:"steps"`
					Releases []release `json:"releases"`
				} `json:"courses"`
				Assignments []struct {
					ID           string `json:"id"`
					Worksheet    string `json:"worksheet_key"`
					Instructions string `json:"instructions"`
				} `json:"assignments"`
			}
			raw := zipFiles(t, body)["client.json"]
			if err := json.Unmarshal(raw, &cj); err != nil {
				t.Fatalf("client.json: %v\n%s", err, raw)
			}
			assigned := map[string]string{}
			for _, a := range cj.Assignments {
				assigned[a.ID] = a.Worksheet + " " + a.Instructions
			}
			if len(cj.Schedules) != 1 || cj.Schedules[0].State != "active" || cj.Schedules[0].Instructions != "plum-lantern" ||
				len(cj.Schedules[0].Releases) != 1 || cj.Schedules[0].Releases[0].Occurrence != 1 || len(cj.Schedules[0].Releases[0].AssignmentIDs) != 1 {
				t.Fatalf("schedules in client.json: %s", raw)
			}
			if got := assigned[cj.Schedules[0].Releases[0].AssignmentIDs[0]]; got != "support-map plum-lantern" {
				t.Errorf("the schedule's release names assignment %q, want the support map with the schedule's note", got)
			}
			if len(cj.Courses) != 1 || cj.Courses[0].CourseKey != "mine" || len(cj.Courses[0].Steps) != 2 || len(cj.Courses[0].Releases) != 1 {
				t.Fatalf("courses in client.json: %s", raw)
			}
			plan, after := cj.Courses[0].Steps[0], cj.Courses[0].Steps[1]
			if plan.State != "released" || !strings.HasPrefix(assigned[plan.AssignmentID], "small-steps-experiment") ||
				cj.Courses[0].Releases[0].AssignmentIDs[0] != plan.AssignmentID || after.State != "waiting" || after.AssignmentID != "" {
				t.Errorf("course steps in client.json: %s", raw)
			}
		})
	}
}
