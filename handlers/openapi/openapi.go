package openapi

import (
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"sort"
	"sync"
)

//go:embed spec/*.json
var specFS embed.FS

// Document returns the merged OpenAPI document as JSON.
var Document = sync.OnceValues(func() ([]byte, error) {
	doc, err := merge(specFS)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(doc, "", "  ")
})

// merge joins the files of fsys: the first (00-base.json) as the frame,
// then every file's paths and components into it.
func merge(fsys fs.FS) (map[string]any, error) {
	names, err := fs.Glob(fsys, "spec/*.json")
	if err != nil || len(names) == 0 {
		return nil, fmt.Errorf("openapi: no spec files (%v)", err)
	}
	sort.Strings(names)
	var doc map[string]any
	for i, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		var part map[string]any
		if err := json.Unmarshal(data, &part); err != nil {
			return nil, fmt.Errorf("openapi: %s: %w", name, err)
		}
		if i == 0 {
			doc = part
			if doc["paths"] == nil {
				doc["paths"] = map[string]any{}
			}
			continue
		}
		for key := range part {
			if key != "paths" && key != "components" {
				return nil, fmt.Errorf("openapi: %s: only paths and components belong in an area file, not %q", name, key)
			}
		}
		if err := join(doc, "paths", part["paths"], name); err != nil {
			return nil, err
		}
		comps, _ := part["components"].(map[string]any)
		for kind, entries := range comps {
			base, _ := doc["components"].(map[string]any)
			if err := join(base, kind, entries, name); err != nil {
				return nil, err
			}
		}
	}
	return doc, nil
}

// join adds the entries of src (an object) under dst[key], refusing a name
// that is already there.
func join(dst map[string]any, key string, src any, file string) error {
	entries, ok := src.(map[string]any)
	if src == nil {
		return nil
	}
	if !ok {
		return fmt.Errorf("openapi: %s: %s must be an object", file, key)
	}
	into, _ := dst[key].(map[string]any)
	if into == nil {
		into = map[string]any{}
		dst[key] = into
	}
	for name, v := range entries {
		if _, dup := into[name]; dup {
			return fmt.Errorf("openapi: %s: %s %q is already defined in another file", file, key, name)
		}
		into[name] = v
	}
	return nil
}
