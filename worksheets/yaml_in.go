package worksheets

import (
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

const (
	// maxNodeVisits bounds the work of decoding, anchors and aliases
	// included, so a "billion laughs" document cannot exhaust memory.
	maxNodeVisits = 100000
	// maxDecodeDepth bounds recursion through nested conditions.
	maxDecodeDepth = 40
)

const aliasBudgetMessage = "the file is too large once shared parts (aliases) are expanded"

// nodeDecoder decodes a YAML node tree into Go values by reflection on the
// yaml struct tags. Unlike yaml's own decoder it reports every unknown key
// and wrong type at once, each with its path and line, and records the line
// of every path so later, semantic problems can be placed too.
type nodeDecoder struct {
	lines    map[string]int
	bad      map[string]bool // paths with structural problems
	problems []Problem
	visits   int
	stopped  bool
	fields   map[reflect.Type]map[string]int
}

func newNodeDecoder() *nodeDecoder {
	return &nodeDecoder{lines: map[string]int{"": 1}, bad: map[string]bool{}, fields: map[reflect.Type]map[string]int{}}
}

type yamlPair struct{ key, value *yaml.Node }

func (nd *nodeDecoder) problem(path string, line int, msg string) {
	nd.bad[path] = true
	if len(nd.problems) < maxProblems {
		nd.problems = append(nd.problems, Problem{Path: path, Line: line, Message: msg})
	}
}

// covers reports whether a path, or one of its parents, already has a
// structural problem; semantic problems there would only repeat it.
func (nd *nodeDecoder) covers(path string) bool {
	for {
		if nd.bad[path] {
			return true
		}
		if path == "" {
			return false
		}
		path = parentPath(path)
	}
}

// lineOf finds the line of a path, or of its closest recorded parent.
func (nd *nodeDecoder) lineOf(path string) int {
	for {
		if l, ok := nd.lines[path]; ok {
			return l
		}
		if path == "" {
			return 0
		}
		path = parentPath(path)
	}
}

func parentPath(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i < 0 {
		return ""
	}
	return p[:i]
}

func (nd *nodeDecoder) decodeRoot(n *yaml.Node, d *Definition) {
	nd.decode(n, reflect.ValueOf(d).Elem(), "", 0)
}

// resolve follows aliases and spends the visit budget.
func (nd *nodeDecoder) resolve(n *yaml.Node, path string) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 10; i++ {
		n = n.Alias
	}
	nd.visits++
	if nd.visits > maxNodeVisits && !nd.stopped {
		nd.stopped = true
		nd.problem("", 0, aliasBudgetMessage)
	}
	if n == nil || n.Kind == yaml.AliasNode {
		return nil
	}
	return n
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null"
}

func (nd *nodeDecoder) decode(n *yaml.Node, v reflect.Value, path string, depth int) {
	if nd.stopped {
		return
	}
	n = nd.resolve(n, path)
	if n == nil || nd.stopped {
		return
	}
	if depth > maxDecodeDepth {
		nd.problem(path, n.Line, "is nested too deeply")
		return
	}
	if isNull(n) {
		return // leave the zero value; validation says what is missing
	}
	switch v.Kind() {
	case reflect.Pointer:
		p := reflect.New(v.Type().Elem())
		nd.decode(n, p.Elem(), path, depth)
		v.Set(p)
	case reflect.Struct:
		nd.decodeStruct(n, v, path, depth)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			nd.problem(path, n.Line, "must be a list")
			return
		}
		if len(n.Content) == 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, e := range n.Content {
			ep := path + "[" + strconv.Itoa(i) + "]"
			nd.lines[ep] = e.Line
			nd.decode(e, s.Index(i), ep, depth+1)
		}
		v.Set(s)
	case reflect.Interface:
		if n.Kind != yaml.ScalarNode {
			nd.problem(path, n.Line, "must be a single value (text, a number, or true/false)")
			return
		}
		val, ok := scalarAny(n)
		if !ok {
			nd.problem(path, n.Line, "must be a finite number")
			return
		}
		v.Set(reflect.ValueOf(val))
	default:
		nd.decodeScalar(n, v, path)
	}
}

func (nd *nodeDecoder) decodeScalar(n *yaml.Node, v reflect.Value, path string) {
	want := plainKind(v.Type())
	if n.Kind != yaml.ScalarNode {
		nd.problem(path, n.Line, "must be "+want)
		return
	}
	tag := n.ShortTag()
	switch v.Kind() {
	case reflect.String:
		v.SetString(n.Value)
		return
	case reflect.Bool:
		var b bool
		if tag == "!!bool" && n.Decode(&b) == nil {
			v.SetBool(b)
			return
		}
	case reflect.Int:
		var i int
		if tag == "!!int" && n.Decode(&i) == nil {
			v.SetInt(int64(i))
			return
		}
	case reflect.Float64:
		var f float64
		if (tag == "!!int" || tag == "!!float") && n.Decode(&f) == nil && finite(f) {
			v.SetFloat(f)
			return
		}
	}
	nd.problem(path, n.Line, "must be "+want)
}

// scalarAny decodes a scalar for an `any` field: numbers become float64,
// true/false bool, everything else (dates too) the text as written.
func scalarAny(n *yaml.Node) (any, bool) {
	switch n.ShortTag() {
	case "!!bool":
		var b bool
		if n.Decode(&b) == nil {
			return b, true
		}
	case "!!int", "!!float":
		var f float64
		if n.Decode(&f) != nil || !finite(f) {
			return nil, false
		}
		return f, true
	}
	return n.Value, true
}

func (nd *nodeDecoder) decodeStruct(n *yaml.Node, v reflect.Value, path string, depth int) {
	if n.Kind != yaml.MappingNode {
		nd.problem(path, n.Line, "must be "+plainKind(v.Type()))
		return
	}
	fields := nd.fields[v.Type()]
	if fields == nil {
		fields = yamlFields(v.Type())
		nd.fields[v.Type()] = fields
	}
	seen := make([]bool, v.NumField())
	for _, kv := range nd.pairs(n, path, 0) {
		kn := kv.key
		if kn.Kind != yaml.ScalarNode {
			nd.problem(path, kn.Line, "has a key that is not a plain word")
			continue
		}
		name := kn.Value
		fp := name
		if path != "" {
			fp = path + "." + name
		}
		idx, known := fields[name]
		if !known {
			nd.problem(fp, kn.Line, "is not a known field here (known: "+knownList(v.Type())+")")
			continue
		}
		if seen[idx] {
			nd.problem(fp, kn.Line, "is given more than once")
			continue
		}
		seen[idx] = true
		nd.lines[fp] = kn.Line
		nd.decode(kv.value, v.Field(idx), fp, depth+1)
	}
}

// pairs lists a mapping's key/value pairs with YAML merge keys ("<<: *x")
// expanded; keys written in the mapping win over merged ones.
func (nd *nodeDecoder) pairs(n *yaml.Node, path string, depth int) []yamlPair {
	var own, merged []yamlPair
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Value == "<<" && (k.Tag == "" || k.ShortTag() == "!!merge") {
			merged = append(merged, nd.mergeSource(val, path, depth)...)
			continue
		}
		own = append(own, yamlPair{k, val})
	}
	if len(merged) == 0 {
		return own
	}
	have := map[string]bool{}
	for _, p := range own {
		have[p.key.Value] = true
	}
	for _, p := range merged {
		if !have[p.key.Value] {
			have[p.key.Value] = true
			own = append(own, p)
		}
	}
	return own
}

func (nd *nodeDecoder) mergeSource(val *yaml.Node, path string, depth int) []yamlPair {
	val = nd.resolve(val, path)
	if val == nil || nd.stopped {
		return nil
	}
	if depth > 5 {
		nd.problem(path, val.Line, "merges (<<) are nested too deeply")
		return nil
	}
	switch val.Kind {
	case yaml.MappingNode:
		return nd.pairs(val, path, depth+1)
	case yaml.SequenceNode:
		var out []yamlPair
		for _, e := range val.Content {
			if e = nd.resolve(e, path); e != nil && e.Kind == yaml.MappingNode {
				out = append(out, nd.pairs(e, path, depth+1)...)
			} else if e != nil {
				nd.problem(path, e.Line, "can only merge (<<) groups of fields")
			}
		}
		return out
	}
	nd.problem(path, val.Line, "can only merge (<<) groups of fields")
	return nil
}

// yamlFields maps yaml key names to struct field indexes.
func yamlFields(t reflect.Type) map[string]int {
	m := make(map[string]int, t.NumField())
	for i := 0; i < t.NumField(); i++ {
		if name := yamlName(t.Field(i)); name != "" {
			m[name] = i
		}
	}
	return m
}

func knownList(t reflect.Type) string {
	var names []string
	for i := 0; i < t.NumField(); i++ {
		if name := yamlName(t.Field(i)); name != "" {
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

func yamlName(f reflect.StructField) string {
	name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
	if name == "-" || !f.IsExported() {
		return ""
	}
	return name
}

// plainKind names a Go type in words an author understands.
func plainKind(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64:
		return "a whole number"
	case reflect.Float64:
		return "a number"
	case reflect.Slice:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "a group of fields (key: value)"
	case reflect.Pointer:
		return plainKind(t.Elem())
	}
	return "a single value"
}
