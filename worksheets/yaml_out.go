package worksheets

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// MarshalYAML writes a definition back as YAML a person can edit.
// Options, short lists and simple rules are written on one line each
// ({value: 0, label: Not at all}); Parse reads the result back to an equal
// Definition.
func MarshalYAML(d *Definition) ([]byte, error) {
	if d == nil {
		return nil, errors.New("worksheets: marshal yaml: no definition")
	}
	root := toNode(reflect.ValueOf(d).Elem())
	compact(root, "")
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(root); err != nil {
		return nil, fmt.Errorf("worksheets: marshal yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("worksheets: marshal yaml: %w", err)
	}
	return buf.Bytes(), nil
}

// compact puts small, flat parts of the tree on one line: lists of plain
// values, options and conditions without groups. key is the mapping key
// the node sits under.
func compact(n *yaml.Node, key string) {
	switch n.Kind {
	case yaml.SequenceNode:
		if flat(n) {
			n.Style = yaml.FlowStyle
			return
		}
		for _, c := range n.Content {
			if key == "options" && flat(c) {
				c.Style = yaml.FlowStyle
				continue
			}
			compact(c, "")
		}
	case yaml.MappingNode:
		if (key == "show_if" || key == "when" || key == "all" || key == "any") && flat(n) {
			n.Style = yaml.FlowStyle
			return
		}
		for i := 0; i+1 < len(n.Content); i += 2 {
			compact(n.Content[i+1], n.Content[i].Value)
		}
	case yaml.DocumentNode:
		for _, c := range n.Content {
			compact(c, key)
		}
	}
}

// flat reports whether a node holds only single-line scalars.
func flat(n *yaml.Node) bool {
	if n.Kind != yaml.SequenceNode && n.Kind != yaml.MappingNode {
		return false
	}
	for _, c := range n.Content {
		if c.Kind != yaml.ScalarNode || bytes.ContainsAny([]byte(c.Value), "\n\r") || len(c.Value) > 120 {
			return false
		}
	}
	return true
}

// toNode builds the YAML tree by hand rather than with yaml's own encoder,
// to choose string styles that always read back the same: yaml's literal
// blocks break on text that starts with a line break.
func toNode(v reflect.Value) *yaml.Node {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return nil
		}
		return toNode(v.Elem())
	case reflect.Struct:
		n := &yaml.Node{Kind: yaml.MappingNode}
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			name := yamlName(t.Field(i))
			fv := v.Field(i)
			if name == "" || (strings.Contains(t.Field(i).Tag.Get("yaml"), ",omitempty") && isZeroValue(fv)) {
				continue
			}
			if c := toNode(fv); c != nil {
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Value: name}, c)
			}
		}
		return n
	case reflect.Slice:
		n := &yaml.Node{Kind: yaml.SequenceNode}
		for i := 0; i < v.Len(); i++ {
			if c := toNode(v.Index(i)); c != nil {
				n.Content = append(n.Content, c)
			}
		}
		return n
	case reflect.String:
		return stringNode(v.String())
	case reflect.Bool:
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatBool(v.Bool())}
	}
	if f, ok := toFloat(v.Interface()); ok {
		return &yaml.Node{Kind: yaml.ScalarNode, Value: strconv.FormatFloat(f, 'g', -1, 64)}
	}
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!null", Value: "null"}
}

func isZeroValue(v reflect.Value) bool {
	if v.Kind() == reflect.Slice {
		return v.Len() == 0
	}
	return v.IsZero()
}

// stringNode writes text plainly when it reads back as the same text, as a
// literal block when it has several lines, and double-quoted otherwise.
func stringNode(s string) *yaml.Node {
	n := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s}
	if strings.Contains(s, "\n") {
		n.Style = yaml.DoubleQuotedStyle
		if literalSafe(s) {
			n.Style = yaml.LiteralStyle
		}
	}
	return n
}

// literalSafe reports whether a literal block keeps s exactly: no leading
// blank or line break, no carriage returns, no spaces at line ends.
func literalSafe(s string) bool {
	if s == "" || s[0] == ' ' || s[0] == '\n' || s[0] == '\t' || strings.ContainsAny(s, "\r\u0085\u2028\u2029") {
		return false
	}
	for _, line := range strings.Split(s, "\n") {
		if strings.HasSuffix(line, " ") || strings.HasSuffix(line, "\t") {
			return false
		}
	}
	return true
}
