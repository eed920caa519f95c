package api_test

import (
	"archive/zip"
	"bytes"
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
