package worksheets

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"reflect"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// A Course is an ordered list of steps, each one worksheet released either
// on a day counted from the enrolment's start (day: 0 is the start date) or
// a number of days after another step was sent (after: {step, days}). It is
// YAML (or JSON) like a worksheet, read by ParseCourse with the same
// located problems (*DefinitionError, "steps[2].after.step ... (line 14)").
type Course struct {
	Key         string `yaml:"key" json:"key"`
	Title       string `yaml:"title" json:"title"`
	Description string `yaml:"description" json:"description,omitempty"`
	// DueAfterDays: each released worksheet is due this many days after
	// its release (0: no due date).
	DueAfterDays int          `yaml:"due_after_days" json:"due_after_days,omitempty"`
	Steps        []CourseStep `yaml:"steps" json:"steps"`
}

// CourseStep is one worksheet of a course. Exactly one of Day and After is
// given.
type CourseStep struct {
	ID        string     `yaml:"id" json:"id"`
	Worksheet string     `yaml:"worksheet" json:"worksheet"`
	Day       *int       `yaml:"day" json:"day,omitempty"`
	After     *StepAfter `yaml:"after" json:"after,omitempty"`
}

// StepAfter releases a step Days days after step Step was sent (submitted).
type StepAfter struct {
	Step string `yaml:"step" json:"step"`
	Days int    `yaml:"days" json:"days"`
}

// Course limits.
const (
	MaxCourseSteps = 100
	MaxCourseDay   = 366
)

// StepIndex is the position of the step with id, or -1.
func (c *Course) StepIndex(id string) int {
	for i, s := range c.Steps {
		if s.ID == id {
			return i
		}
	}
	return -1
}

// ParseCourse reads a strict YAML course and checks it; known says whether
// a worksheet key exists for the author (nil: any well-formed key).
// Problems come back as *DefinitionError with YAML line numbers.
func ParseCourse(data []byte, known func(key string) bool) (*Course, error) {
	if len(data) > MaxDefinitionSize {
		return nil, tooBig()
	}
	root, err := parseYAMLDocument(data)
	if err != nil {
		return nil, err
	}
	dec := newNodeDecoder()
	var c Course
	dec.decode(root, reflect.ValueOf(&c).Elem(), "", 0)
	if dec.stopped {
		return nil, &DefinitionError{Problems: []Problem{{Message: aliasBudgetMessage}}}
	}
	problems := dec.problems
	for _, p := range c.Validate(known) {
		if dec.covers(p.Path) {
			continue
		}
		p.Line = dec.lineOf(p.Path)
		problems = append(problems, p)
	}
	if len(problems) > 0 {
		return nil, &DefinitionError{Problems: sortProblems(problems)}
	}
	return &c, nil
}

// ParseCourseJSON reads a strict JSON course (unknown fields rejected) and checks it.
func ParseCourseJSON(data []byte, known func(key string) bool) (*Course, error) {
	if len(data) > MaxDefinitionSize {
		return nil, tooBig()
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Course
	if err := dec.Decode(&c); err != nil {
		return nil, &DefinitionError{Problems: []Problem{jsonProblem(err)}}
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, &DefinitionError{Problems: []Problem{{Message: "the file must hold one course only (found more after it)"}}}
	}
	if problems := c.Validate(known); len(problems) > 0 {
		return nil, &DefinitionError{Problems: problems}
	}
	return &c, nil
}

// Validate lists every problem of a course: its key and title, each step's
// id, worksheet and timing, references to unknown steps, and cycles of
// "after" references.
func (c *Course) Validate(known func(key string) bool) []Problem {
	v := &validator{}
	switch {
	case c.Key == "":
		v.add("key", "is required")
	case !keyRe.MatchString(c.Key):
		v.add("key", "must be 1-64 lower-case letters, digits or dashes")
	}
	v.text("title", c.Title, 300, true)
	v.text("description", c.Description, 2000, false)
	if c.DueAfterDays < 0 || c.DueAfterDays > 90 {
		v.add("due_after_days", "must be between 0 and 90")
	}
	if len(c.Steps) == 0 {
		v.add("steps", "must list at least one step")
	}
	if len(c.Steps) > MaxCourseSteps {
		v.add("steps", "must list at most %d steps", MaxCourseSteps)
	}
	ids := map[string]int{}
	for i, s := range c.Steps {
		p := "steps[" + strconv.Itoa(i) + "]"
		switch {
		case s.ID == "":
			v.add(p+".id", "is required")
		case !keyRe.MatchString(s.ID):
			v.add(p+".id", "must be 1-64 lower-case letters, digits or dashes")
		default:
			if j, dup := ids[s.ID]; dup {
				v.add(p+".id", "is used by steps[%d] too", j)
			} else {
				ids[s.ID] = i
			}
		}
		switch {
		case s.Worksheet == "":
			v.add(p+".worksheet", "is required")
		case !keyRe.MatchString(s.Worksheet) || (known != nil && !known(s.Worksheet)):
			v.add(p+".worksheet", "is not a worksheet you have (no worksheet with this key)")
		}
		switch {
		case (s.Day == nil) == (s.After == nil):
			v.add(p, "needs either day (days from the start) or after (days after another step was sent), not both")
		case s.Day != nil && (*s.Day < 0 || *s.Day > MaxCourseDay):
			v.add(p+".day", "must be between 0 and %d", MaxCourseDay)
		case s.After != nil && (s.After.Days < 0 || s.After.Days > MaxCourseDay):
			v.add(p+".after.days", "must be between 0 and %d", MaxCourseDay)
		}
	}
	for i, s := range c.Steps {
		if s.After == nil {
			continue
		}
		p := "steps[" + strconv.Itoa(i) + "].after.step"
		if j, ok := ids[s.After.Step]; !ok {
			v.add(p, "names no step of this course")
		} else if j == i {
			v.add(p, "names the step itself")
		}
	}
	if len(v.problems) == 0 {
		if loop := c.cycle(); loop != nil {
			v.add("steps["+strconv.Itoa(loop[0])+"].after.step", "makes a loop (%s): no step in it could ever be released", c.loopWords(loop))
		}
	}
	return v.problems
}

// cycle returns the indexes of a loop of "after" references, or nil. Each
// step names at most one other, so following the chain from every step
// finds any loop.
func (c *Course) cycle() []int {
	for start := range c.Steps {
		seen := map[int]int{}
		var path []int
		for i := start; ; {
			if at, ok := seen[i]; ok {
				return path[at:]
			}
			seen[i] = len(path)
			path = append(path, i)
			a := c.Steps[i].After
			if a == nil {
				break
			}
			i = c.StepIndex(a.Step)
		}
	}
	return nil
}

func (c *Course) loopWords(loop []int) string {
	var names []string
	for _, i := range loop {
		names = append(names, c.Steps[i].ID)
	}
	return strings.Join(append(names, names[0]), " → ")
}

//go:embed courses/*.yaml
var courseFS embed.FS

// BuiltinCourses returns the built-in courses, sorted by key, checked
// against the built-in worksheets; an invalid one is an error.
func BuiltinCourses() ([]*Course, error) {
	lib, err := Library()
	if err != nil {
		return nil, err
	}
	keys := map[string]bool{}
	for _, d := range lib {
		keys[d.Key] = true
	}
	names, err := fs.Glob(courseFS, "courses/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("worksheets: list courses: %w", err)
	}
	var out []*Course
	for _, name := range names {
		data, _ := courseFS.ReadFile(name)
		c, err := ParseCourse(data, func(k string) bool { return keys[k] })
		if err != nil {
			return nil, fmt.Errorf("worksheets: built-in course %s: %w", name, describe(err))
		}
		if want := strings.TrimSuffix(strings.TrimPrefix(name, "courses/"), ".yaml"); c.Key != want {
			return nil, fmt.Errorf("worksheets: built-in course %s: key %q must match the file name", name, c.Key)
		}
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// YAML writes the course as YAML (a built-in course's own file keeps its
// comments: see BuiltinCourseYAML).
func (c *Course) YAML() ([]byte, error) { return yaml.Marshal(c) }

// BuiltinCourseYAML returns the YAML source of a built-in course.
func BuiltinCourseYAML(key string) ([]byte, bool) {
	if !keyRe.MatchString(key) {
		return nil, false
	}
	data, err := courseFS.ReadFile("courses/" + key + ".yaml")
	return data, err == nil
}
