package fhir_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/worksheets"
)

const base = "https://tend.example"

func everyAnswers() worksheets.Answers {
	return worksheets.Answers{
		"name": "Sam", "story": "A long day.", "count": 4.0, "weight": 2.5, "when": "2025-12-01",
		"asked": true, "where": "other", "where_other": "At the park", "who": []any{"friend", "family"},
		"mood": 2.0, "sure": 7.0, "half": 1.5, "why": "It helped.", "plain": nil,
		"rows": []any{
			map[string]any{"what": "Shopping", "strength": 8.0, "after": "Tired"},
			map[string]any{"what": "Calls", "strength": 2.0},
		},
	}
}

func validated(t *testing.T, d *worksheets.Definition, a worksheets.Answers, submitted bool) (*fhir.Questionnaire, *fhir.QuestionnaireResponse) {
	t.Helper()
	if _, errs := d.ValidateAnswers(a, worksheets.Submit); submitted && len(errs) > 0 {
		t.Fatalf("the test's answers do not pass Tend's own check: %+v", errs)
	}
	q := fhir.ToQuestionnaire(d, base)
	qr := fhir.ToResponse(d, a, fhir.ResponseInfo{ID: "a1", Base: base, Submitted: submitted,
		Authored: time.Date(2026, 11, 3, 10, 0, 0, 0, time.UTC)})
	js, err := fhir.Marshal(qr)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r4(t).Unmarshal(js); err != nil {
		t.Fatalf("FHIR R4 validation of the response: %v\n%s", err, js)
	}
	return q, qr
}

// Submitted answers to every kind of question give a response that FHIR R4
// accepts and that matches its Questionnaire (types, options, required,
// enableWhen), with answers typed and repeat rows nested.
func TestResponseMatchesQuestionnaire(t *testing.T) {
	t.Parallel()
	d := everyType(t)
	q, qr := validated(t, d, everyAnswers(), true)
	if issues := fhir.ValidateResponse(q, qr); len(issues) > 0 {
		t.Fatalf("a Tend response should match its questionnaire: %+v", issues)
	}
	js := string(mustJSON(t, qr))
	for _, want := range []string{`"status":"completed"`, `"questionnaire":"https://tend.example/fhir/Questionnaire/every-type|3"`,
		`"authored":"2026-11-03T10:00:00Z"`, `"valueString":"At the park"`, `"valueInteger":4`, `"valueDecimal":2.5`,
		`"valueDate":"2025-12-01"`, `"valueBoolean":true`, `{"valueCoding":{"code":"2","display":"A lot"}}`,
		`{"linkId":"rows","text":"Each time","item":[{"linkId":"what","text":"What happened","answer":[{"valueString":"Shopping"}]}`} {
		if !strings.Contains(js, want) {
			t.Errorf("response lacks %s:\n%s", want, js)
		}
	}
	if strings.Count(js, `"linkId":"rows"`) != 2 {
		t.Errorf("each repeat row should be its own group: %s", js)
	}
}

// The check catches what a broken response would get wrong.
func TestValidateResponseCatches(t *testing.T) {
	t.Parallel()
	d := everyType(t)
	cases := []struct {
		name  string
		edit  func(a worksheets.Answers, qr *fhir.QuestionnaireResponse)
		issue string
	}{
		{"required missing", func(a worksheets.Answers, _ *fhir.QuestionnaireResponse) { delete(a, "asked"); delete(a, "why") }, `misses "asked"`},
		{"answered while disabled", func(a worksheets.Answers, _ *fhir.QuestionnaireResponse) { a["asked"] = false }, `answers "why"`},
		{"disabled in a row", func(a worksheets.Answers, _ *fhir.QuestionnaireResponse) {
			a["rows"].([]any)[1].(map[string]any)["after"] = "x"
		}, `answers "after"`},
		{"wrong type", func(_ worksheets.Answers, qr *fhir.QuestionnaireResponse) {
			s := "4"
			qr.Item[0].Item[2].Answer[0] = fhir.Answer{ValueString: &s}
		}, "is not a integer answer"},
		{"not an option", func(_ worksheets.Answers, qr *fhir.QuestionnaireResponse) {
			qr.Item[0].Item[7].Answer[0].ValueCoding.Code = "enemy"
		}, "answerOption"},
		{"above max", func(_ worksheets.Answers, qr *fhir.QuestionnaireResponse) {
			*qr.Item[0].Item[2].Answer[0].ValueInteger = 99
		}, "maxValue"},
		{"unknown item", func(_ worksheets.Answers, qr *fhir.QuestionnaireResponse) { qr.Item[0].Item[0].LinkID = "nope" }, `"nope" is not an item`},
		{"wrong canonical", func(_ worksheets.Answers, qr *fhir.QuestionnaireResponse) { qr.Questionnaire += "0" }, "must be https://"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			a := everyAnswers()
			qr0 := fhir.ToResponse(d, a, fhir.ResponseInfo{Base: base, Submitted: true})
			c.edit(a, qr0)
			qr := fhir.ToResponse(d, a, fhir.ResponseInfo{Base: base, Submitted: true})
			if c.name != "required missing" && c.name != "answered while disabled" && c.name != "disabled in a row" {
				qr = qr0
			}
			issues := fhir.ValidateResponse(fhir.ToQuestionnaire(d, base), qr)
			if !strings.Contains(fmt.Sprint(issues), c.issue) {
				t.Fatalf("want an issue with %q, got %+v", c.issue, issues)
			}
		})
	}
}

// Drafts (in progress) of every built-in worksheet validate, also empty.
func TestLibraryDraftResponses(t *testing.T) {
	t.Parallel()
	for _, d := range library(t) {
		q, qr := validated(t, d, worksheets.Answers{}, false)
		if issues := fhir.ValidateResponse(q, qr); len(issues) > 0 {
			t.Errorf("%s: %+v", d.Key, issues)
		}
	}
}
