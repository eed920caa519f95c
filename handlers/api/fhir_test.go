package api_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/internal/testenv"
)

// A worksheet goes out as a FHIR Questionnaire and comes back in as a new
// worksheet; a submitted assignment goes out as a QuestionnaireResponse
// that matches the Questionnaire.
func TestAPIFHIR(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Ada Therapist", false)
			a := p.AssignNew("weekly-connection-checkin", "")
			resp, body := p.API("GET", "/api/v1/worksheets/weekly-connection-checkin/fhir", nil)
			testenv.WantStatus(t, "questionnaire", resp, body, 200)
			if ct := resp.Header.Get("Content-Type"); ct != "application/fhir+json" {
				t.Fatalf("content type %q", ct)
			}
			var q fhir.Questionnaire
			if err := json.Unmarshal([]byte(body), &q); err != nil || q.URL != "http://tend.test/fhir/Questionnaire/weekly-connection-checkin" {
				t.Fatalf("questionnaire: %v %s", err, q.URL)
			}

			// Import it back under another key: a new worksheet, same questions.
			imported := strings.Replace(body, `"id": "weekly-connection-checkin"`, `"id": "from-fhir"`, 1)
			resp, body = p.Send("POST", "/api/v1/worksheets", "application/fhir+json", imported)
			testenv.WantStatus(t, "import", resp, body, 201)
			if m := testenv.JSON(t, body); m["key"] != "from-fhir" || len(m["report"].([]any)) != 0 {
				t.Fatalf("import answer: %s", body)
			}
			_, orig := p.API("GET", "/api/v1/worksheets/weekly-connection-checkin", nil)
			_, back := p.API("GET", "/api/v1/worksheets/from-fhir", nil)
			// The store numbers a new custom worksheet from 1.
			was := fmt.Sprintf(`"key":"weekly-connection-checkin","version":%v`, testenv.JSON(t, orig)["version"])
			if strings.NewReplacer(was, `"key":"from-fhir","version":1`).Replace(orig) != back {
				t.Fatalf("imported worksheet differs from the original:\n%s\n%s", orig, back)
			}

			// Malformed: 422 in the API's error shape, with JSON pointers.
			resp, body = p.Send("POST", "/api/v1/worksheets", "application/fhir+json",
				`{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"a","type":"string","text":"A","enableWhen":[{"question":"zz","operator":"exists","answerBoolean":true}]}]}`)
			testenv.WantStatus(t, "bad import", resp, body, 422)
			if !strings.Contains(body, `"path":"/item/0/enableWhen/0/question"`) || !strings.Contains(body, `"code":"invalid"`) {
				t.Fatalf("bad import: %s", body)
			}

			// Submit answers as the client, then read the response.
			resp, body = env.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
				"stress": 6, "asked_help": false, "asked_help_barrier": "I felt silly", "harm_thoughts": false}})
			testenv.WantStatus(t, "submit", resp, body, 200)
			resp, body = p.API("GET", "/api/v1/assignments/"+a.AssignmentID+"/fhir", nil)
			testenv.WantStatus(t, "response", resp, body, 200)
			var qr fhir.QuestionnaireResponse
			if err := json.Unmarshal([]byte(body), &qr); err != nil {
				t.Fatal(err)
			}
			if qr.Status != "completed" || qr.Questionnaire != q.URL+"|"+q.Version || !strings.Contains(body, `"valueString": "I felt silly"`) ||
				!strings.Contains(body, `"valueInteger": 6`) {
				t.Fatalf("response: %s", body)
			}
			if issues := fhir.ValidateResponse(&q, &qr); len(issues) > 0 {
				t.Fatalf("response does not match its questionnaire: %+v", issues)
			}
		})
	}
}
