package worksheets

import (
	"bytes"
	"errors"
	"fmt"

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
	var root yaml.Node
	if err := root.Encode(d); err != nil {
		return nil, fmt.Errorf("worksheets: marshal yaml: %w", err)
	}
	compact(&root, "")
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(&root); err != nil {
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
