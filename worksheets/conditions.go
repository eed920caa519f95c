package worksheets

// maxEvalDepth stops evaluation of a condition built in Go code that was
// never validated and nests absurdly deep; validated ones stop at 5.
const maxEvalDepth = 32

// Visible reports whether an item's show_if holds; row is the repeat row the
// item sits in, or nil for a top-level item.
func (d *Definition) Visible(it Item, a Answers, row map[string]any) bool {
	return it.ShowIf == nil || it.ShowIf.Eval(a, row)
}

// Eval evaluates a condition against answers (and a repeat row, or nil).
//
// A leaf looks its item up in row first (a sibling sub-item), then in a.
// An unanswered item (missing, null, blank text, empty list) makes every
// operator false, "!=" included; only exists tells answered from unanswered:
// {op: exists} and {op: exists, value: true} hold when the item is answered,
// {op: exists, value: false} when it is not. On a multi_choice answer "="
// means "contains" and "!=" "does not contain". Numbers compare as numbers;
// text (and so dates, YYYY-MM-DD) compares by its characters. Answers of the
// wrong type for the value never equal it. A group holds when all (or any)
// of its rules hold; a condition with neither a rule nor a group is false.
func (c Condition) Eval(a Answers, row map[string]any) bool {
	return c.eval(a, row, 0)
}

func (c *Condition) eval(a Answers, row map[string]any, depth int) bool {
	if depth > maxEvalDepth {
		return false
	}
	said := false // whether the condition says anything at all
	if len(c.All) > 0 {
		said = true
		for i := range c.All {
			if !c.All[i].eval(a, row, depth+1) {
				return false
			}
		}
	}
	if len(c.Any) > 0 {
		said = true
		hit := false
		for i := range c.Any {
			if c.Any[i].eval(a, row, depth+1) {
				hit = true
				break
			}
		}
		if !hit {
			return false
		}
	}
	if c.Item != "" || c.Op != "" {
		return c.leaf(a, row)
	}
	return said
}

func (c *Condition) leaf(a Answers, row map[string]any) bool {
	ans, found := row[c.Item]
	if !found {
		ans = a[c.Item]
	}
	if c.Op == "exists" {
		want := true
		if b, ok := c.Value.(bool); ok {
			want = b
		}
		return !isEmpty(ans) == want
	}
	if isEmpty(ans) {
		return false
	}
	switch list := ans.(type) {
	case []any:
		return c.contains(list)
	case []string:
		items := make([]any, len(list))
		for i, s := range list {
			items[i] = s
		}
		return c.contains(items)
	}
	return compare(ans, c.Op, c.Value)
}

// contains applies = and != to a multi_choice answer.
func (c *Condition) contains(list []any) bool {
	has := false
	for _, x := range list {
		if sameValue(x, c.Value) {
			has = true
			break
		}
	}
	switch c.Op {
	case "=":
		return has
	case "!=":
		return !has
	}
	return false
}

// compare applies an operator to one answered value.
func compare(ans any, op string, want any) bool {
	if op == "=" {
		return sameValue(ans, want)
	}
	if op == "!=" {
		return !sameValue(ans, want)
	}
	var cmp int
	if fa, ok := toFloat(ans); ok {
		fw, ok := toFloat(want)
		if !ok || !finite(fa) || !finite(fw) {
			return false
		}
		switch {
		case fa < fw:
			cmp = -1
		case fa > fw:
			cmp = 1
		}
	} else {
		sa, ok1 := ans.(string)
		sw, ok2 := want.(string)
		if !ok1 || !ok2 {
			return false
		}
		switch {
		case sa < sw:
			cmp = -1
		case sa > sw:
			cmp = 1
		}
	}
	switch op {
	case ">":
		return cmp > 0
	case ">=":
		return cmp >= 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	}
	return false
}

// Items lists the item ids a condition reads, each once, in the order they
// first appear (a group's rules in turn). Pages use it to point at the
// answers a flag rule looked at.
func (c Condition) Items() []string {
	var out []string
	seen := map[string]bool{}
	var walk func(c *Condition, depth int)
	walk = func(c *Condition, depth int) {
		if depth > maxEvalDepth {
			return
		}
		if c.Item != "" && !seen[c.Item] {
			seen[c.Item] = true
			out = append(out, c.Item)
		}
		for i := range c.All {
			walk(&c.All[i], depth+1)
		}
		for i := range c.Any {
			walk(&c.Any[i], depth+1)
		}
	}
	walk(&c, 0)
	return out
}
