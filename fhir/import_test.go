package fhir_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/tend-health/tend/fhir"
)

// Malformed or unusable questionnaires fail with JSON-pointer paths.
func TestImportProblems(t *testing.T) {
	t.Parallel()
	for _, c := range []struct{ name, json, path, msg string }{
		{"not json", `{"resourceType":`, "", "not valid JSON"},
		{"wrong type", `{"resourceType":"Patient"}`, "/resourceType", "must be Questionnaire"},
		{"field of wrong kind", `{"resourceType":"Questionnaire","item":"x"}`, "/item", "must be a list"},
		{"too deep", `{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"g","type":"group","text":"S","item":[
			{"linkId":"r","type":"group","repeats":true,"text":"R","item":[{"linkId":"in","type":"group","text":"deep"}]}]}]}`,
			"/item/0/item/0/item/0", "nested deeper"},
		{"unknown enableWhen", `{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"a","type":"string","text":"A",
			"enableWhen":[{"question":"ghost","operator":"exists","answerBoolean":true}]}]}`, "/item/0/enableWhen/0/question", `"ghost"`},
		{"nothing usable", `{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"a","type":"attachment","text":"A"}]}`, "/item", "nothing Tend can use"},
		{"invalid definition", `{"resourceType":"Questionnaire","title":"T","item":[{"linkId":"a","type":"choice","text":"A","answerOption":[{"valueCoding":{"code":"x"}},{"valueCoding":{"code":"x"}}]}]}`, "/item/0", "options"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, _, err := fhir.FromQuestionnaire([]byte(c.json))
			var ie *fhir.ImportError
			if !errors.As(err, &ie) {
				t.Fatalf("want an import error, got %v", err)
			}
			for _, p := range ie.Problems {
				if p.Path == c.path && strings.Contains(p.Message, c.msg) {
					return
				}
			}
			t.Fatalf("want %s: …%s…, got %+v", c.path, c.msg, ie.Problems)
		})
	}
}

// A questionnaire from elsewhere imports with a report of what changed.
func TestImportForeignReports(t *testing.T) {
	t.Parallel()
	d, report, err := fhir.FromQuestionnaire([]byte(`{"resourceType":"Questionnaire","id":"PHQ.x","version":"2.0",
		"title":"Mood check","status":"active","item":[
		{"linkId":"1.1","type":"choice","text":"Feeling low?","answerOption":[{"valueCoding":{"code":"y","display":"Yes"}},{"valueCoding":{"code":"n","display":"No"}}]},
		{"linkId":"1.2","type":"dateTime","text":"When?"},
		{"linkId":"1.3","type":"attachment","text":"A photo"},
		{"linkId":"1.4","type":"string","text":"Why?","enableWhen":[{"question":"1.1","operator":"=","answerCoding":{"code":"y"}}]}]}`))
	if err != nil {
		t.Fatalf("%+v", err)
	}
	words := fmt.Sprint(report)
	for _, want := range []string{"/item/0/linkId is called q_1_1", "dateTime is asked as a date", "no attachment question",
		"/version is not a whole number", "the worksheet key is mood-check"} {
		if !strings.Contains(strings.Replace(words, "} {", "\n", -1), strings.SplitN(want, " ", 2)[1]) {
			t.Errorf("report lacks %q: %s", want, words)
		}
	}
	if d.Key != "mood-check" || d.ItemCount() != 3 || d.Sections[0].Items[2].ShowIf == nil || d.Sections[0].Items[2].ShowIf.Item != "q_1_1" {
		t.Fatalf("imported: %+v", d)
	}
}
