package worksheets

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// SafetyPlanKey is the built-in safety plan, offered on every high flag.
const SafetyPlanKey = "safety-plan"

//go:embed library/*.yaml
var libraryFS embed.FS

// Library returns every built-in worksheet, sorted by key; an invalid one is an error.
// Each file must be named after its key (library/<key>.yaml). The error
// lists every problem of every bad file, so a failed start says what to fix.
func Library() ([]*Definition, error) {
	names, err := fs.Glob(libraryFS, "library/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("worksheets: list library: %w", err)
	}
	var defs []*Definition
	var errs []error
	for _, name := range names {
		data, err := libraryFS.ReadFile(name)
		if err != nil {
			errs = append(errs, fmt.Errorf("worksheets: read %s: %w", name, err))
			continue
		}
		d, err := Parse(data)
		if err != nil {
			errs = append(errs, fmt.Errorf("worksheets: built-in %s: %w", name, describe(err)))
			continue
		}
		if want := strings.TrimSuffix(path.Base(name), ".yaml"); d.Key != want {
			errs = append(errs, fmt.Errorf("worksheets: built-in %s: key %q must match the file name %q", name, d.Key, want))
			continue
		}
		defs = append(defs, d)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	sort.Slice(defs, func(i, j int) bool { return defs[i].Key < defs[j].Key })
	return defs, nil
}

// describe puts a DefinitionError's problems into its message.
func describe(err error) error {
	var de *DefinitionError
	if errors.As(err, &de) {
		return fmt.Errorf("%w:%s", err, strings.TrimPrefix(de.String(), de.Error()+":"))
	}
	return err
}

// LibraryYAML returns the YAML source of a built-in worksheet.
func LibraryYAML(key string) ([]byte, bool) {
	if !keyRe.MatchString(key) {
		return nil, false
	}
	data, err := libraryFS.ReadFile("library/" + key + ".yaml")
	if err != nil {
		return nil, false
	}
	return data, true
}

// CourseLess orders worksheets for a list: by course_order, those without
// one after those with one, then by title and key.
func CourseLess(a, b *Definition) bool {
	ao, bo := a.CourseOrder, b.CourseOrder
	if (ao == 0) != (bo == 0) {
		return bo == 0
	}
	if ao != bo {
		return ao < bo
	}
	if a.Title != b.Title {
		return a.Title < b.Title
	}
	return a.Key < b.Key
}
