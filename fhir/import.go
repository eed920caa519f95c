package fhir

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// Issue is one thing about a FHIR resource, at a JSON pointer ("/item/0/
// enableWhen/1/question"): something the import left out or changed (in a
// report), or a problem that stops it (in an *ImportError).
type Issue struct {
	Path    string `json:"path"`
	Message string `json:"message"`
}

// ImportError says why a Questionnaire cannot become a worksheet (a 422).
type ImportError struct{ Problems []Issue }

func (e *ImportError) Error() string { return "the questionnaire cannot become a worksheet" }

// MaxQuestionnaireSize bounds the JSON read: FHIR says the same as YAML
// in about four times the bytes.
const MaxQuestionnaireSize = 4 * worksheets.MaxDefinitionSize

var keyRe = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)

// FromQuestionnaire maps FHIR R4 Questionnaire JSON to a validated worksheet
// definition, with a report of what Tend could not represent (left out or
// changed). It fails with *ImportError (JSON-pointer paths) on malformed
// input, a wrong resourceType, items nested deeper than a table's
// sub-items, enableWhen naming an unknown linkId, a definition that does
// not validate, or when nothing usable remains.
func FromQuestionnaire(data []byte) (*worksheets.Definition, []Issue, error) {
	if len(data) > MaxQuestionnaireSize {
		return nil, nil, &ImportError{[]Issue{{"", fmt.Sprintf("is too large (at most %d KiB)", MaxQuestionnaireSize>>10)}}}
	}
	var q Questionnaire
	if err := json.Unmarshal(data, &q); err != nil {
		return nil, nil, &ImportError{[]Issue{jsonIssue(err)}}
	}
	if q.ResourceType != "Questionnaire" {
		return nil, nil, &ImportError{[]Issue{{"/resourceType", fmt.Sprintf("must be Questionnaire (found %q)", q.ResourceType)}}}
	}
	imp := &importer{ids: map[string]string{}, used: map[string]bool{}, paths: map[string]string{}, conds: map[string]pendingCond{}}
	imp.assignIDs(q.Item, "/item", "")
	d := &worksheets.Definition{Key: imp.key(&q), Version: imp.version(q.Version), Title: q.Title, Description: q.Description}
	if d.Title == "" {
		d.Title = q.Name
	}
	readWorksheetExt(find(q.Extension, ExtWorksheet), d)
	imp.sections(d, &q)
	imp.conditions(d)
	if len(imp.problems) > 0 {
		return nil, imp.report, &ImportError{imp.problems}
	}
	if d.ItemCount() == 0 {
		return nil, imp.report, &ImportError{append([]Issue{{"/item", "has nothing Tend can use"}}, imp.report...)}
	}
	js, err := json.Marshal(d)
	if err != nil {
		return nil, nil, fmt.Errorf("fhir: import: %w", err)
	}
	out, err := worksheets.ParseJSON(js)
	var de *worksheets.DefinitionError
	if errors.As(err, &de) {
		return nil, imp.report, &ImportError{imp.pointers(de.Problems, &q)}
	}
	if err != nil {
		return nil, nil, fmt.Errorf("fhir: import: %w", err)
	}
	return out, imp.report, nil
}

func jsonIssue(err error) Issue {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return Issue{"/" + strings.ReplaceAll(te.Field, ".", "/"), "must be " + jsonKind(te.Type.Kind().String())}
	case errors.As(err, &se):
		return Issue{"", fmt.Sprintf("is not valid JSON (at byte %d)", se.Offset)}
	}
	return Issue{"", "is not valid JSON"}
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "text"
	case "slice":
		return "a list"
	case "struct", "map", "ptr":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}

// importer holds what one import learns on the way.
type importer struct {
	report, problems []Issue
	ids              map[string]string      // linkId → item id
	used             map[string]bool        // item ids taken
	paths            map[string]string      // Tend path ("sections[1].items[2]") → JSON pointer
	conds            map[string]pendingCond // item id → where its condition comes from
}

type pendingCond struct {
	src Item
	ptr string
}

func (imp *importer) note(p, format string, args ...any) {
	imp.report = append(imp.report, Issue{p, fmt.Sprintf(format, args...)})
}

func (imp *importer) fail(p, format string, args ...any) {
	imp.problems = append(imp.problems, Issue{p, fmt.Sprintf(format, args...)})
}

var idBad = regexp.MustCompile(`[^a-z0-9_]+`)

// assignIDs gives every question an item id, first come first served:
// the linkId itself when it is a valid id, else a cleaned-up form.
func (imp *importer) assignIDs(items []Item, p, parent string) {
	for i, it := range items {
		ip := p + "/" + strconv.Itoa(i)
		if _, dup := imp.ids[it.LinkID]; dup && it.LinkID != "" {
			imp.fail(ip+"/linkId", "repeats the linkId %q", it.LinkID)
		}
		if intro := it.Type == "display" && it.LinkID == parent+"-intro"; !intro && (it.Type != "display" || !isControl(it)) {
			id := strings.Trim(idBad.ReplaceAllString(strings.ToLower(it.LinkID), "_"), "_")
			if id == "" || id[0] < 'a' || id[0] > 'z' {
				id = "q_" + id
			}
			if len(id) > 60 {
				id = id[:60]
			}
			base := id
			for n := 2; imp.used[id]; n++ {
				id = base + "_" + strconv.Itoa(n)
			}
			imp.used[id] = true
			imp.ids[it.LinkID] = id
			if id != it.LinkID && it.Type != "group" {
				imp.note(ip+"/linkId", "is called %s in Tend", id)
			}
		}
		imp.assignIDs(it.Item, ip+"/item", it.LinkID)
	}
}

// isControl reports whether a display item is a question's help or scale
// end label rather than text of its own.
func isControl(it Item) bool {
	switch controlOf(it.Extension) {
	case "help", "lower", "upper":
		return true
	}
	return false
}

func (imp *importer) key(q *Questionnaire) string {
	if keyRe.MatchString(q.ID) {
		return q.ID
	}
	for _, s := range []string{q.Name, q.Title} {
		k := strings.Trim(regexp.MustCompile(`[^a-z0-9]+`).ReplaceAllString(strings.ToLower(s), "-"), "-")
		if len(k) > 64 {
			k = strings.TrimRight(k[:64], "-")
		}
		if k != "" {
			imp.note("/id", "the worksheet key is %s", k)
			return k
		}
	}
	imp.note("/id", "the worksheet key is imported-questionnaire")
	return "imported-questionnaire"
}

func (imp *importer) version(v string) int {
	n, err := strconv.Atoi(v)
	if err == nil && n >= 1 {
		return n
	}
	if v != "" {
		imp.note("/version", "is not a whole number, so the worksheet starts at version 1")
	}
	return 1
}

// pointers places definition problems at the FHIR elements they came from.
func (imp *importer) pointers(probs []worksheets.Problem, q *Questionnaire) []Issue {
	keys := make([]string, 0, len(imp.paths))
	for k := range imp.paths {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { return len(keys[i]) > len(keys[j]) })
	var out []Issue
	for _, p := range probs {
		ptr, rest := "", p.Path
		for _, k := range keys {
			if p.Path == k || strings.HasPrefix(p.Path, k+".") {
				ptr, rest = imp.paths[k], strings.TrimPrefix(strings.TrimPrefix(p.Path, k), ".")
				break
			}
		}
		if ptr == "" && (strings.HasPrefix(p.Path, "scales") || strings.HasPrefix(p.Path, "flags")) {
			for i, e := range q.Extension {
				if e.URL == ExtWorksheet {
					ptr = "/extension/" + strconv.Itoa(i)
				}
			}
		}
		msg := p.Message
		if rest != "" {
			msg = rest + ": " + msg
		}
		out = append(out, Issue{ptr, msg})
	}
	return out
}

// Marshal writes a FHIR resource as indented JSON.
func Marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
