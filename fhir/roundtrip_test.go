package fhir_test

import (
	"encoding/json"
	"os"
	"testing"

	gfhir "github.com/google/fhir/go/fhirversion"
	"github.com/google/fhir/go/jsonformat"
	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/worksheets"
)

// r4 validates resources with Google's FHIR R4 protos (types, codes,
// cardinality, required elements, invariants it knows).
func r4(t *testing.T) *jsonformat.Unmarshaller {
	t.Helper()
	u, err := jsonformat.NewUnmarshaller("UTC", gfhir.R4)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func library(t *testing.T) []*worksheets.Definition {
	t.Helper()
	lib, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// Every built-in worksheet exports to a Questionnaire a FHIR R4 validator
// accepts, and imports back to the same definition (compared as YAML).
func TestLibraryRoundTrip(t *testing.T) {
	t.Parallel()
	u := r4(t)
	for _, d := range library(t) {
		t.Run(d.Key, func(t *testing.T) {
			js, err := fhir.Marshal(fhir.ToQuestionnaire(d, "https://tend.example"))
			if err != nil {
				t.Fatal(err)
			}
			if _, err := u.Unmarshal(js); err != nil {
				t.Fatalf("FHIR R4 validation: %v\n%s", err, js)
			}
			back, report, err := fhir.FromQuestionnaire(js)
			if err != nil {
				t.Fatalf("import: %v %+v", err, err)
			}
			if len(report) > 0 {
				t.Errorf("a Tend export should import without remarks: %+v", report)
			}
			want, _ := worksheets.MarshalYAML(d)
			got, _ := worksheets.MarshalYAML(back)
			if string(want) != string(got) {
				t.Fatalf("round trip changed the worksheet:\n--- want\n%s\n--- got\n%s", want, got)
			}
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// A worksheet using every item type, every kind of condition, scales and
// flags survives the round trip and validates.
func TestEveryTypeRoundTrip(t *testing.T) {
	t.Parallel()
	d := everyType(t)
	q := fhir.ToQuestionnaire(d, "https://tend.example/")
	js, err := fhir.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r4(t).Unmarshal(js); err != nil {
		t.Fatalf("FHIR R4 validation: %v\n%s", err, js)
	}
	back, report, err := fhir.FromQuestionnaire(js)
	if err != nil {
		t.Fatalf("import: %+v", err)
	}
	if len(report) > 0 {
		t.Errorf("remarks: %+v", report)
	}
	want, _ := worksheets.MarshalYAML(d)
	got, _ := worksheets.MarshalYAML(back)
	if string(want) != string(got) {
		t.Fatalf("round trip changed the worksheet:\n--- want\n%s\n--- got\n%s", want, got)
	}
}

func everyType(t *testing.T) *worksheets.Definition {
	t.Helper()
	b, err := os.ReadFile("testdata/every-type.yaml")
	if err != nil {
		t.Fatal(err)
	}
	d, err := worksheets.Parse(b)
	if err != nil {
		t.Fatalf("%v", err.(*worksheets.DefinitionError).String())
	}
	return d
}
