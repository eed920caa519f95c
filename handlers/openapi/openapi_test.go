package openapi

import (
	"strings"
	"testing"
	"testing/fstest"
)

// Area files merge into the base; a path or schema defined twice, or
// anything but paths and components in an area file, stops the merge.
func TestMerge(t *testing.T) {
	t.Parallel()
	base := `{"openapi": "3.1.0", "components": {"schemas": {"Error": {}}}}`
	for _, c := range []struct{ name, a, b, want string }{
		{"fine", `{"paths": {"/x": {}}, "components": {"schemas": {"X": {}}}}`, `{"paths": {"/y": {}}}`, ""},
		{"same path", `{"paths": {"/x": {}}}`, `{"paths": {"/x": {}}}`, `paths "/x" is already defined`},
		{"same schema", `{"components": {"schemas": {"Error": {}}}}`, `{}`, `schemas "Error" is already defined`},
		{"stray key", `{"info": {}}`, `{}`, `only paths and components`},
	} {
		doc, err := merge(fstest.MapFS{"spec/00-base.json": {Data: []byte(base)},
			"spec/a.json": {Data: []byte(c.a)}, "spec/b.json": {Data: []byte(c.b)}})
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want == "" && len(doc["paths"].(map[string]any)) != 2:
			t.Errorf("%s: paths %v", c.name, doc["paths"])
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s: want %q, got %v", c.name, c.want, err)
		}
	}
	if _, err := Document(); err != nil {
		t.Fatal(err)
	}
}
