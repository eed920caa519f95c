package worksheets

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MaxDefinitionSize is the largest definition, in bytes, that Parse and
// ParseJSON read; handlers can cap request bodies with it.
const MaxDefinitionSize = 256 << 10

// maxProblems caps the problem list so a hostile definition cannot make it huge.
const maxProblems = 200

// DefinitionError lists every problem found in a definition.
type DefinitionError struct{ Problems []Problem }

// Error keeps a short fixed text; String and Problems hold the details.
func (e *DefinitionError) Error() string { return "worksheet definition is invalid" }

// String lists every problem, one a line, as "path: message (line N)".
func (e *DefinitionError) String() string {
	var b strings.Builder
	b.WriteString(e.Error())
	b.WriteString(":")
	for _, p := range e.Problems {
		b.WriteString("\n  ")
		b.WriteString(p.String())
	}
	return b.String()
}

// String formats a problem as "sections[1].items[3].options: must not be empty (line 42)".
func (p Problem) String() string {
	s := p.Message
	if p.Path != "" {
		s = p.Path + ": " + s
	}
	if p.Line > 0 {
		s += " (line " + strconv.Itoa(p.Line) + ")"
	}
	return s
}

// Parse reads a strict YAML definition and validates it; a problem list comes
// back as *DefinitionError with YAML line numbers.
func Parse(yamlData []byte) (*Definition, error) {
	if len(yamlData) > MaxDefinitionSize {
		return nil, tooBig()
	}
	root, err := parseYAMLDocument(yamlData)
	if err != nil {
		return nil, err
	}
	dec := newNodeDecoder()
	var d Definition
	dec.decodeRoot(root, &d)
	if dec.stopped {
		return nil, &DefinitionError{Problems: []Problem{{Message: aliasBudgetMessage}}}
	}
	d.normalise()
	problems := dec.problems
	for _, p := range d.Validate() {
		if dec.covers(p.Path) {
			continue // already reported as a structural problem
		}
		p.Line = dec.lineOf(p.Path)
		problems = append(problems, p)
	}
	if len(problems) > 0 {
		return nil, &DefinitionError{Problems: sortProblems(problems)}
	}
	return &d, nil
}

// ParseJSON reads a strict JSON definition (unknown fields rejected) and validates it.
func ParseJSON(data []byte) (*Definition, error) {
	if len(data) > MaxDefinitionSize {
		return nil, tooBig()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var d Definition
	if err := dec.Decode(&d); err != nil {
		return nil, &DefinitionError{Problems: []Problem{jsonProblem(err)}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &DefinitionError{Problems: []Problem{{Message: "the file must hold one worksheet only (found more after it)"}}}
	}
	d.normalise()
	if problems := d.Validate(); len(problems) > 0 {
		return nil, &DefinitionError{Problems: problems}
	}
	return &d, nil
}

func tooBig() error {
	return &DefinitionError{Problems: []Problem{{
		Message: fmt.Sprintf("the file is too large (at most %d KiB)", MaxDefinitionSize>>10),
	}}}
}

var jsonFieldRe = regexp.MustCompile(`^json: unknown field "(.*)"$`)

func jsonProblem(err error) Problem {
	var te *json.UnmarshalTypeError
	var se *json.SyntaxError
	switch {
	case errors.As(err, &te):
		return Problem{Path: te.Field, Message: "must be " + plainKind(te.Type)}
	case errors.As(err, &se):
		return Problem{Message: fmt.Sprintf("not valid JSON (at byte %d)", se.Offset)}
	case errors.Is(err, io.EOF):
		return Problem{Message: "the file is empty"}
	}
	if m := jsonFieldRe.FindStringSubmatch(err.Error()); m != nil {
		return Problem{Path: m[1], Message: "is not a known field"}
	}
	return Problem{Message: "not valid JSON"}
}

// normalise fills defaults so the JSON served for a definition is
// self-contained, and turns Go ints in values into float64.
func (d *Definition) normalise() {
	for si := range d.Sections {
		items := d.Sections[si].Items
		for i := range items {
			normaliseItem(&items[i])
			for j := range items[i].Items {
				normaliseItem(&items[i].Items[j])
			}
		}
	}
	for i := range d.Flags {
		normaliseCondition(&d.Flags[i].When, 0)
	}
}

func normaliseItem(it *Item) {
	for i := range it.Options {
		it.Options[i].Value = normValue(it.Options[i].Value)
	}
	if it.Type == TypeSlider && it.Step == nil {
		s := DefaultSliderStep
		it.Step = &s
	}
	if it.Type == TypeRepeat && it.MaxRows == 0 {
		it.MaxRows = DefaultMaxRows
	}
	if it.ShowIf != nil {
		normaliseCondition(it.ShowIf, 0)
	}
}

func normaliseCondition(c *Condition, depth int) {
	if depth > maxConditionDepth+1 {
		return
	}
	c.Value = normValue(c.Value)
	for i := range c.All {
		normaliseCondition(&c.All[i], depth+1)
	}
	for i := range c.Any {
		normaliseCondition(&c.Any[i], depth+1)
	}
}

// sortProblems orders problems by line (unknown lines last), keeping the
// order of discovery otherwise, and caps the list.
func sortProblems(ps []Problem) []Problem {
	sort.SliceStable(ps, func(i, j int) bool {
		li, lj := ps[i].Line, ps[j].Line
		if li == 0 || lj == 0 {
			return li != 0 && lj == 0
		}
		return li < lj
	})
	if len(ps) > maxProblems {
		ps = append(ps[:maxProblems:maxProblems], Problem{Message: "too many problems; fix these first"})
	}
	return ps
}

var yamlLineRe = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAMLDocument reads exactly one YAML document into a node tree.
func parseYAMLDocument(data []byte) (root *yaml.Node, err error) {
	defer func() {
		// The YAML parser is third-party code reading untrusted input; a
		// panic in it must become a problem, not a crashed server.
		if r := recover(); r != nil {
			root, err = nil, &DefinitionError{Problems: []Problem{{Message: "not valid YAML"}}}
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, &DefinitionError{Problems: []Problem{{Message: "the file is empty"}}}
		}
		return nil, &DefinitionError{Problems: []Problem{yamlSyntaxProblem(err)}}
	}
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		p := Problem{Line: more.Line, Message: "the file must hold one worksheet only (found a second YAML document)"}
		if err != nil {
			p = yamlSyntaxProblem(err)
		}
		return nil, &DefinitionError{Problems: []Problem{p}}
	}
	if len(doc.Content) == 0 {
		return nil, &DefinitionError{Problems: []Problem{{Message: "the file is empty"}}}
	}
	return doc.Content[0], nil
}

func yamlSyntaxProblem(err error) Problem {
	msg := err.Error()
	if m := yamlLineRe.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return Problem{Line: n, Message: "not valid YAML: " + m[2]}
	}
	return Problem{Message: "not valid YAML: " + strings.TrimPrefix(msg, "yaml: ")}
}
