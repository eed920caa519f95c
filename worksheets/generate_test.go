package worksheets

import (
	"math"
	"strings"
)

// This file builds complete, valid answer sets for any definition, so the
// library test does not depend on what each built-in asks.

// candidates lists valid answers for an item, the preferred one first.
func candidates(it *Item) []any {
	switch it.Type {
	case TypeText:
		s := "A short sample answer"
		if lim := it.TextLimit(); len(s) > lim {
			s = s[:lim]
		}
		return []any{s}
	case TypeLongText:
		s := "A longer sample answer, written in a few plain words."
		if lim := it.TextLimit(); len(s) > lim {
			s = s[:lim]
		}
		return []any{s}
	case TypeDate:
		return []any{"2024-03-31", "1990-01-01", "2099-12-31"}
	case TypeYesNo:
		return []any{true, false}
	case TypeChoice:
		var out []any
		for _, o := range it.Options {
			out = append(out, o.Value)
		}
		return out
	case TypeMultiChoice:
		var out []any
		for i, o := range it.Options {
			if i == 0 && len(it.Options) > 1 {
				out = append(out, []any{o.Value, it.Options[1].Value})
			}
			out = append(out, []any{o.Value})
		}
		return out
	case TypeLikert:
		var out []any
		mid := len(it.Options) / 2
		out = append(out, it.Options[mid].Value)
		for i, o := range it.Options {
			if i != mid {
				out = append(out, o.Value)
			}
		}
		return out
	case TypeNumber, TypeSlider:
		return numberCandidates(it)
	}
	return nil
}

// numberCandidates gives a middle value first, then points across the range.
func numberCandidates(it *Item) []any {
	step := it.stepOf()
	if step <= 0 {
		step = 1
	}
	lo, hi := 0.0, 100.0
	switch {
	case it.Min != nil && it.Max != nil:
		lo, hi = *it.Min, *it.Max
	case it.Min != nil:
		lo, hi = *it.Min, *it.Min+100*step
	case it.Max != nil:
		lo, hi = *it.Max-100*step, *it.Max
	}
	n := math.Floor((hi - lo) / step)
	out := []any{lo + math.Floor(n/2)*step}
	// About 20 points spread over the grid are enough to satisfy any rule.
	stride := math.Max(1, math.Floor(n/20))
	for k := 0.0; k <= n; k += stride {
		out = append(out, lo+k*step)
	}
	return append(out, lo+n*step)
}

// generator fills answers so that as many show_if items as possible are
// shown; prefer names one item whose condition is satisfied first.
type generator struct {
	d      *Definition
	prefer string
}

func completeAnswers(d *Definition, prefer string) Answers {
	g := generator{d: d, prefer: prefer}
	a := Answers{}
	var done []*Item
	for si := range d.Sections {
		for ii := range d.Sections[si].Items {
			it := &d.Sections[si].Items[ii]
			if it.Type == TypeInfo {
				continue
			}
			g.show(it, a, nil, done)
			done = append(done, it)
			if !d.Visible(*it, a, nil) {
				continue
			}
			if it.Type == TypeRepeat {
				a[it.ID] = g.rows(it, a)
			} else {
				a[it.ID] = candidates(it)[0]
			}
		}
	}
	return a
}

func (g generator) rows(rep *Item, top Answers) []any {
	var rows []any
	for r := 0; r < 2 && r < rep.RowLimit(); r++ {
		row := map[string]any{}
		var done []*Item
		for si := range rep.Items {
			sub := &rep.Items[si]
			if sub.Type == TypeInfo {
				continue
			}
			g.show(sub, top, row, done)
			done = append(done, sub)
			if g.d.Visible(*sub, top, row) {
				row[sub.ID] = candidates(sub)[0]
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// show tries to make it visible by changing earlier answers, keeping the
// change only if no earlier item (done) that was shown gets hidden, unless
// it is the preferred item.
func (g generator) show(it *Item, a Answers, row map[string]any, done []*Item) {
	if it.ShowIf == nil || g.d.Visible(*it, a, row) {
		return
	}
	visibleBefore := map[string]bool{}
	for _, e := range done {
		visibleBefore[e.ID] = g.d.Visible(*e, a, row)
	}
	ta, trow := cloneAnswers(a), cloneRow(row)
	g.satisfy(it.ShowIf, ta, trow)
	if !g.d.Visible(*it, ta, trow) {
		return
	}
	if it.ID != g.prefer {
		for _, e := range done {
			if visibleBefore[e.ID] && !g.d.Visible(*e, ta, trow) {
				return
			}
		}
	}
	for k := range a {
		delete(a, k)
	}
	for k, v := range ta {
		a[k] = v
	}
	for k, v := range trow {
		row[k] = v
	}
}

func (g generator) satisfy(c *Condition, a Answers, row map[string]any) {
	for i := range c.All {
		g.satisfy(&c.All[i], a, row)
	}
	if len(c.Any) > 0 {
		for i := range c.Any {
			ta, trow := cloneAnswers(a), cloneRow(row)
			g.satisfy(&c.Any[i], ta, trow)
			if c.Any[i].Eval(ta, trow) {
				for k, v := range ta {
					a[k] = v
				}
				for k, v := range trow {
					row[k] = v
				}
				return
			}
		}
	}
	if c.Item == "" {
		return
	}
	dst := map[string]any(a)
	target, ok := g.d.ItemByID(c.Item)
	if row != nil && !ok {
		for _, s := range g.d.Sections {
			for _, it := range s.Items {
				for _, sub := range it.Items {
					if sub.ID == c.Item {
						target, ok, dst = sub, true, row
					}
				}
			}
		}
	}
	if !ok {
		return
	}
	if c.Op == "exists" {
		if b, isBool := c.Value.(bool); isBool && !b {
			delete(dst, c.Item)
		} else if _, has := dst[c.Item]; !has && target.Type != TypeRepeat {
			dst[c.Item] = candidates(&target)[0]
		}
		return
	}
	cands := candidates(&target)
	if target.Type == TypeText || target.Type == TypeLongText {
		if s, isStr := c.Value.(string); isStr && c.Op == "=" {
			cands = []any{s}
		}
	}
	if target.Type == TypeDate {
		if s, isStr := c.Value.(string); isStr {
			cands = append([]any{s}, cands...)
		}
	}
	for _, v := range cands {
		dst[c.Item] = v
		if c.Eval(a, row) {
			return
		}
	}
}

func cloneAnswers(a Answers) Answers {
	out := Answers{}
	for k, v := range a {
		out[k] = v
	}
	return out
}

func cloneRow(r map[string]any) map[string]any {
	if r == nil {
		return nil
	}
	out := map[string]any{}
	for k, v := range r {
		out[k] = v
	}
	return out
}

// showIfItems lists the ids of items with a show_if ("rid.sub" inside tables).
func showIfItems(d *Definition) []string {
	var out []string
	for _, s := range d.Sections {
		for _, it := range s.Items {
			if it.ShowIf != nil {
				out = append(out, it.ID)
			}
			for _, sub := range it.Items {
				if sub.ShowIf != nil {
					out = append(out, it.ID+"."+sub.ID)
				}
			}
		}
	}
	return out
}

// shown reports whether an item ("id" or "rid.sub") has an answer in the
// cleaned answers, so it was visible.
func shown(a Answers, id string) bool {
	rid, sub, nested := strings.Cut(id, ".")
	if !nested {
		_, ok := a[id]
		return ok
	}
	rows, _ := a[rid].([]any)
	for _, r := range rows {
		if _, ok := r.(map[string]any)[sub]; ok {
			return true
		}
	}
	return false
}
