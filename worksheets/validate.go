package worksheets

import (
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits on a definition, so a hostile one cannot blow up memory or time.
const (
	maxItems          = 300 // every item, sub-items and info blocks included
	maxSections       = 50
	maxOptions        = 100
	maxConditionDepth = 5 // a single rule is depth 1
	maxGroupSize      = 50
	maxScales         = 50
	maxCourseOrder    = 9999
	maxBands          = 20
	maxFlags          = 100
	maxRowsLimit      = 200
	maxTextLengthCap  = 100000
	maxSliderSteps    = 1000
	maxMinutes        = 600

	maxTitleLen   = 200
	maxLabelLen   = 500
	maxRowLabel   = 40
	maxValueLen   = 200
	maxPromptLen  = 4000 // prompt, help, intro, description, interpretation
	maxGuideLen   = 20000
	maxMessageLen = 1000 // flag messages, band meanings
	// maxClientMessageLen keeps a flag's words to the client short enough
	// to read at a glance on a phone.
	maxClientMessageLen = 600
)

var (
	keyRe = regexp.MustCompile(`^[a-z0-9-]{1,64}$`)
	idRe  = regexp.MustCompile(`^[a-z][a-z0-9_]{0,63}$`)
)

var knownTypes = []string{TypeInfo, TypeText, TypeLongText, TypeNumber, TypeDate,
	TypeYesNo, TypeChoice, TypeMultiChoice, TypeLikert, TypeSlider, TypeRepeat}

func knownType(t string) bool {
	for _, k := range knownTypes {
		if k == t {
			return true
		}
	}
	return false
}

// itemRef places an item in the definition, in document order.
type itemRef struct {
	item   *Item
	path   string
	order  int
	parent *itemRef // the repeat holding a sub-item, or nil
}

// validator collects problems; it never stops at the first one.
type validator struct {
	d        *Definition
	problems []Problem
	ids      map[string]*itemRef // every item id, sub-items included
}

func (v *validator) add(path, format string, args ...any) {
	if len(v.problems) < maxProblems {
		v.problems = append(v.problems, Problem{Path: path, Message: fmt.Sprintf(format, args...)})
	}
}

// Validate checks a definition's meaning (ids, types, options, ranges, references, limits).
func (d *Definition) Validate() []Problem {
	if d == nil {
		return []Problem{{Message: "the definition is missing"}}
	}
	v := &validator{d: d, ids: map[string]*itemRef{}}
	v.header()
	refs := v.items()
	for _, r := range refs {
		v.item(r)
	}
	v.scales()
	v.flags()
	if len(v.problems) >= maxProblems {
		v.problems = append(v.problems, Problem{Message: "too many problems; fix these first"})
	}
	return v.problems
}

func (v *validator) header() {
	d := v.d
	switch {
	case d.Key == "":
		v.add("key", "must not be empty")
	case !keyRe.MatchString(d.Key):
		v.add("key", "must be 1 to 64 lowercase letters, digits or dashes")
	}
	if d.Version < 1 {
		v.add("version", "must be 1 or more")
	}
	v.text("title", d.Title, maxTitleLen, true)
	v.text("description", d.Description, maxPromptLen, false)
	v.text("guide", d.Guide, maxGuideLen, false)
	if d.EstimatedMinutes < 0 || d.EstimatedMinutes > maxMinutes {
		v.add("estimated_minutes", "must be between 0 and %d", maxMinutes)
	}
	if d.CourseOrder < 0 || d.CourseOrder > maxCourseOrder {
		v.add("course_order", "must be between 0 and %d", maxCourseOrder)
	}
	switch {
	case len(d.Sections) == 0:
		v.add("sections", "must have at least one section")
	case len(d.Sections) > maxSections:
		v.add("sections", "has too many sections (at most %d)", maxSections)
	}
}

// text checks a free-text field's presence and length in characters.
func (v *validator) text(path, s string, max int, required bool) {
	if required && strings.TrimSpace(s) == "" {
		v.add(path, "must not be empty")
		return
	}
	if n := utf8.RuneCountInString(s); n > max {
		v.add(path, "is too long (%d characters; at most %d)", n, max)
	}
}

// items lists every item in document order (a repeat, then its sub-items),
// checks ids and counts, and registers ids for the rule checks.
func (v *validator) items() []*itemRef {
	var refs []*itemRef
	total := 0
	for si := range v.d.Sections {
		s := &v.d.Sections[si]
		sp := fmt.Sprintf("sections[%d]", si)
		v.text(sp+".title", s.Title, maxTitleLen, false)
		v.text(sp+".intro", s.Intro, maxPromptLen, false)
		if len(s.Items) == 0 {
			v.add(sp+".items", "must have at least one item")
		}
		for ii := range s.Items {
			r := &itemRef{item: &s.Items[ii], path: fmt.Sprintf("%s.items[%d]", sp, ii), order: len(refs)}
			refs = append(refs, r)
			total++
			for ji := range r.item.Items {
				if r.item.Type != TypeRepeat {
					break // reported by the item check
				}
				refs = append(refs, &itemRef{item: &r.item.Items[ji], path: fmt.Sprintf("%s.items[%d]", r.path, ji),
					order: len(refs), parent: r})
				total++
			}
		}
	}
	if total > maxItems {
		v.add("sections", "has too many items (%d; at most %d)", total, maxItems)
	}
	for _, r := range refs {
		id := r.item.ID
		switch {
		case id == "":
			v.add(r.path+".id", "must not be empty")
		case !idRe.MatchString(id):
			v.add(r.path+".id", "must start with a lowercase letter and use only lowercase letters, digits and _ (at most 64)")
		case v.ids[id] != nil:
			v.add(r.path+".id", "is already used by %s", v.ids[id].path)
		default:
			v.ids[id] = r
		}
	}
	// The free text of an "Other" answer is stored under <id>_other.
	for _, r := range refs {
		if !r.item.AllowOther {
			continue
		}
		if other := v.ids[r.item.ID+OtherSuffix]; other != nil {
			v.add(other.path+".id", "clashes with the Other answer of %s (stored as %s%s)", r.item.ID, r.item.ID, OtherSuffix)
		}
	}
	return refs
}

// fieldsFor says which type-specific fields each item type may use.
var fieldsFor = map[string][]string{
	"options":     {TypeChoice, TypeMultiChoice, TypeLikert},
	"allow_other": {TypeChoice, TypeMultiChoice},
	"min":         {TypeNumber, TypeSlider},
	"max":         {TypeNumber, TypeSlider},
	"step":        {TypeNumber, TypeSlider},
	"min_label":   {TypeSlider, TypeLikert},
	"max_label":   {TypeSlider, TypeLikert},
	"max_length":  {TypeText, TypeLongText},
	"min_rows":    {TypeRepeat},
	"max_rows":    {TypeRepeat},
	"row_label":   {TypeRepeat},
	"items":       {TypeRepeat},
}

func (v *validator) item(r *itemRef) {
	it, p := r.item, r.path
	switch {
	case it.Type == "":
		v.add(p+".type", "must not be empty")
	case !knownType(it.Type):
		v.add(p+".type", "is not a known type (use one of: %s)", strings.Join(knownTypes, ", "))
	}
	v.text(p+".prompt", it.Prompt, maxPromptLen, true)
	v.text(p+".help", it.Help, maxPromptLen, false)
	v.text(p+".min_label", it.MinLabel, maxLabelLen, false)
	v.text(p+".max_label", it.MaxLabel, maxLabelLen, false)
	v.text(p+".row_label", it.RowLabel, maxRowLabel, false)
	if strings.ContainsAny(it.RowLabel, "\r\n") {
		v.add(p+".row_label", "must be one line")
	}
	if it.Type == TypeInfo && it.Required {
		v.add(p+".required", "cannot be set on an info block, which takes no answer")
	}
	if r.parent != nil && it.Type == TypeRepeat {
		v.add(p+".type", "a table (repeat) cannot hold another table")
	}
	if knownType(it.Type) {
		set := map[string]bool{
			"options": len(it.Options) > 0, "allow_other": it.AllowOther,
			"min": it.Min != nil, "max": it.Max != nil, "step": it.Step != nil,
			"min_label": it.MinLabel != "", "max_label": it.MaxLabel != "",
			"max_length": it.MaxLength != 0, "min_rows": it.MinRows != 0,
			"max_rows": it.MaxRows != 0, "items": len(it.Items) > 0, "row_label": it.RowLabel != "",
		}
		for _, f := range []string{"options", "allow_other", "min", "max", "step", "min_label",
			"max_label", "max_length", "min_rows", "max_rows", "row_label", "items"} {
			if set[f] && !typeIn(it.Type, fieldsFor[f]) {
				v.add(p+"."+f, "is not used by %s items (only by %s)", it.Type, strings.Join(fieldsFor[f], ", "))
			}
		}
	}
	switch it.Type {
	case TypeChoice, TypeMultiChoice, TypeLikert:
		v.options(r)
	case TypeSlider:
		v.slider(r)
	case TypeNumber:
		v.number(r)
	case TypeText, TypeLongText:
		if it.MaxLength < 0 || it.MaxLength > maxTextLengthCap {
			v.add(p+".max_length", "must be between 1 and %d", maxTextLengthCap)
		}
	case TypeRepeat:
		v.repeat(r)
	}
	if it.ShowIf != nil {
		v.condition(p+".show_if", it.ShowIf, r, 1)
	}
}

func typeIn(t string, list []string) bool {
	for _, x := range list {
		if x == t {
			return true
		}
	}
	return false
}

func (v *validator) options(r *itemRef) {
	it, p := r.item, r.path+".options"
	switch {
	case len(it.Options) < 2:
		v.add(p, "needs at least 2 options")
	case len(it.Options) > maxOptions:
		v.add(p, "has too many options (at most %d)", maxOptions)
		return
	}
	for i, o := range it.Options {
		op := fmt.Sprintf("%s[%d]", p, i)
		v.text(op+".label", o.Label, maxLabelLen, true)
		val := normValue(o.Value)
		if it.Type == TypeLikert {
			if f, ok := val.(float64); !ok || !finite(f) {
				v.add(op+".value", "must be a number for a likert item")
				continue
			}
		} else {
			s, ok := val.(string)
			switch {
			case !ok:
				v.add(op+".value", "must be text (put numbers in quotes)")
				continue
			case strings.TrimSpace(s) == "":
				v.add(op+".value", "must not be empty")
				continue
			case utf8.RuneCountInString(s) > maxValueLen:
				v.add(op+".value", "is too long (at most %d characters)", maxValueLen)
			case it.AllowOther && s == OtherValue:
				v.add(op+".value", "%q is kept for the Other box because allow_other is on", OtherValue)
			}
		}
		for j := 0; j < i; j++ {
			if sameValue(it.Options[j].Value, val) {
				v.add(op+".value", "repeats the value of %s[%d]", p, j)
				break
			}
		}
	}
}

func (v *validator) slider(r *itemRef) {
	it, p := r.item, r.path
	if it.Min == nil {
		v.add(p+".min", "is required for a slider")
	}
	if it.Max == nil {
		v.add(p+".max", "is required for a slider")
	}
	v.finite(p, it)
	step := it.stepOf()
	if step <= 0 || !finite(step) {
		v.add(p+".step", "must be more than 0")
		return
	}
	if it.Min == nil || it.Max == nil || !finite(*it.Min) || !finite(*it.Max) {
		return
	}
	if *it.Min >= *it.Max {
		v.add(p+".max", "must be more than min")
		return
	}
	if (*it.Max-*it.Min)/step > maxSliderSteps {
		v.add(p+".step", "makes too many steps between min and max (at most %d)", maxSliderSteps)
	}
}

func (v *validator) number(r *itemRef) {
	it, p := r.item, r.path
	v.finite(p, it)
	if it.Step != nil && (*it.Step <= 0 || !finite(*it.Step)) {
		v.add(p+".step", "must be more than 0")
	}
	if it.Min != nil && it.Max != nil && *it.Min > *it.Max {
		v.add(p+".max", "must not be less than min")
	}
}

func (v *validator) finite(p string, it *Item) {
	if it.Min != nil && !finite(*it.Min) {
		v.add(p+".min", "must be a finite number")
	}
	if it.Max != nil && !finite(*it.Max) {
		v.add(p+".max", "must be a finite number")
	}
}

func (v *validator) repeat(r *itemRef) {
	it, p := r.item, r.path
	if len(it.Items) == 0 {
		v.add(p+".items", "a table (repeat) needs at least one question")
	}
	maxRows := it.RowLimit()
	switch {
	case it.MaxRows < 0 || it.MaxRows > maxRowsLimit:
		v.add(p+".max_rows", "must be between 1 and %d", maxRowsLimit)
	case it.MinRows < 0:
		v.add(p+".min_rows", "must not be negative")
	case it.MinRows > maxRows:
		v.add(p+".min_rows", "must not be more than max_rows (%d)", maxRows)
	}
}
