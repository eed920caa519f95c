package handlers_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

const mod = "github.com/tend-health/tend/"

// forbidden is the import rule of each room and shared package (every file,
// tests included, so rooms do not lean on each other even there).
var forbidden = map[string][]string{
	"handlers/httpx":  {"handlers/web", "handlers/fill", "handlers/api", "handlers/pdfdoc"},
	"handlers/pdfdoc": {"handlers/web", "handlers/fill", "handlers/api"},
	"handlers/web":    {"handlers/fill", "handlers/api"},
	"handlers/fill":   {"handlers/web", "handlers/api", "handlers/pdfdoc"},
	"handlers/api":    {"handlers/web", "handlers/fill"},
	"fhir":            {"models", "handlers", "reports", "views", "app", "config", "templates"},
}

// TestRoomImports keeps the rooms apart: httpx imports no room, rooms never
// import each other, and the fill room has no use for the practitioner PDFs.
func TestRoomImports(t *testing.T) {
	t.Parallel()
	for pkg, bad := range forbidden {
		dir := filepath.Join("..", pkg)
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: no Go files (%v)", pkg, err)
		}
		for _, f := range files {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			ast, err := parser.ParseFile(token.NewFileSet(), f, src, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range ast.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				for _, b := range bad {
					if path == mod+b || strings.HasPrefix(path, mod+b+"/") {
						t.Errorf("%s imports %s: %s must never import it", f, path, pkg)
					}
				}
			}
		}
	}
}
