package fhir

// enabled evaluates an item's enableWhen on the response: questions are
// looked up among the row's items first, then anywhere in the response.
func (v *responseCheck) enabled(def *Item, row []ResponseItem) bool {
	if len(def.EnableWhen) == 0 {
		return true
	}
	anyOf := def.EnableBehavior == "any"
	for _, ew := range def.EnableWhen {
		answers, found := answersOf(row, ew.Question, false)
		if !found {
			answers, _ = answersOf(v.qr.Item, ew.Question, true)
		}
		hit := holds(ew, answers)
		if hit && anyOf {
			return true
		}
		if !hit && !anyOf {
			return false
		}
	}
	return !anyOf
}

// answersOf finds an item's answers among items (and, deep, their children).
func answersOf(items []ResponseItem, linkID string, deep bool) ([]Answer, bool) {
	for _, it := range items {
		if it.LinkID == linkID {
			return it.Answer, true
		}
		if deep {
			if a, ok := answersOf(it.Item, linkID, true); ok {
				return a, true
			}
		}
	}
	return nil, false
}

// holds applies one enableWhen with R4's meanings: exists compares
// answered-ness; "!=" holds when at least one answer differs; the others
// when at least one answer compares so.
func holds(ew EnableWhen, answers []Answer) bool {
	if ew.Operator == "exists" {
		return ew.AnswerBoolean != nil && (len(answers) > 0) == *ew.AnswerBoolean
	}
	for _, a := range answers {
		c, ok := compareAnswer(a, ew.Value)
		if !ok {
			continue
		}
		switch ew.Operator {
		case "=":
			if c == 0 {
				return true
			}
		case "!=":
			if c != 0 {
				return true
			}
		case ">":
			if c > 0 {
				return true
			}
		case ">=":
			if c >= 0 {
				return true
			}
		case "<":
			if c < 0 {
				return true
			}
		case "<=":
			if c <= 0 {
				return true
			}
		}
	}
	return false
}

// compareAnswer orders an answer against an enableWhen value of the same
// type; false when the types differ.
func compareAnswer(a Answer, w Value) (int, bool) {
	cmpStr := func(x, y string) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	cmpNum := func(x, y float64) int {
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	}
	num := func(d *float64, i *int) (float64, bool) {
		return (&Extension{ValueDecimal: d, ValueInteger: i}).number()
	}
	switch {
	case a.ValueBoolean != nil && w.AnswerBoolean != nil:
		if *a.ValueBoolean == *w.AnswerBoolean {
			return 0, true
		}
		return 1, true
	case a.ValueCoding != nil && w.AnswerCoding != nil:
		return cmpStr(a.ValueCoding.Code, w.AnswerCoding.Code), true
	case a.ValueDate != nil && w.AnswerDate != nil:
		return cmpStr(*a.ValueDate, *w.AnswerDate), true
	case a.ValueString != nil && w.AnswerString != nil:
		return cmpStr(*a.ValueString, *w.AnswerString), true
	}
	x, ok1 := num(a.ValueDecimal, a.ValueInteger)
	y, ok2 := num(w.AnswerDecimal, w.AnswerInteger)
	if ok1 && ok2 {
		return cmpNum(x, y), true
	}
	return 0, false
}
