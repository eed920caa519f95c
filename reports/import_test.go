package reports

import (
	"go/build"
	"strings"
	"testing"
)

// TestImports: reports works on view models only; it never reaches for the
// web framework, the database or the packages built on them.
func TestImports(t *testing.T) {
	t.Parallel()
	pkg, err := build.ImportDir(".", 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, imp := range pkg.Imports {
		for _, banned := range []string{"gofiber", "gorm", "/models", "/handlers"} {
			if strings.Contains(imp, banned) {
				t.Errorf("reports imports %s", imp)
			}
		}
	}
}
