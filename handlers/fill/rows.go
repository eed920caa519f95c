package fill

import (
	"sort"
	"strconv"
	"strings"

	"github.com/tend-health/tend/worksheets"
)

// undoPrefix marks the hidden fields that carry a removed row's words on
// the page after "Remove" (without JavaScript), for "Put it back". The
// answer reader ignores them: "_undo.<repeat>" is no table.
const undoPrefix = "_undo."

// fillRemoved is the row just removed, shown with "Put it back".
type fillRemoved struct {
	Title, Prompt string // "Person 2", the table's prompt
	RestoreValue  string // "restore:<repeat>:<row>"
	Fields        []fillHiddenField
}

// fillHiddenField is one hidden input of a removed row.
type fillHiddenField struct{ Name, Value string }

// fillRowAction splits "add:<repeat>", "remove:<repeat>:<row>" and
// "restore:<repeat>:<row>".
func fillRowAction(a string) (kind, repeatID string, row int) {
	parts := strings.Split(a, ":")
	switch {
	case len(parts) == 2 && parts[0] == "add":
		return "add", parts[1], -1
	case len(parts) == 3 && (parts[0] == "remove" || parts[0] == "restore"):
		if n, err := strconv.Atoi(parts[2]); err == nil && n >= 0 {
			return parts[0], parts[1], n
		}
	}
	return "", "", -1
}

// fillAddRow appends an empty row to a table (within its row limit) and
// returns the new row's number.
func fillAddRow(def *worksheets.Definition, ans worksheets.Answers, rid string) (int, bool) {
	it, ok := def.ItemByID(rid)
	if !ok || it.Type != worksheets.TypeRepeat || strings.Contains(rid, ".") {
		return 0, false
	}
	rows, _ := ans[rid].([]any)
	if len(rows) >= it.RowLimit() {
		return 0, false
	}
	ans[rid] = append(rows, map[string]any{})
	return len(rows), true
}

// fillRemoveRow removes row n of a table and returns what "Put it back"
// needs: the row's posted fields, renamed under undoPrefix as row 0.
func fillRemoveRow(def *worksheets.Definition, ans worksheets.Answers, rid string, n int, form map[string][]string) *fillRemoved {
	it, ok := def.ItemByID(rid)
	if !ok || it.Type != worksheets.TypeRepeat {
		return nil
	}
	rows, _ := ans[rid].([]any)
	if n >= len(rows) {
		return nil
	}
	ans[rid] = append(rows[:n:n], rows[n+1:]...)
	r := &fillRemoved{Title: it.RowTitle(n + 1), Prompt: it.Prompt, RestoreValue: "restore:" + rid + ":" + strconv.Itoa(n)}
	prefix := rid + "[" + strconv.Itoa(n) + "]."
	var names []string
	for k := range form {
		if strings.HasPrefix(k, prefix) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	for _, k := range names {
		for _, val := range form[k] {
			r.Fields = append(r.Fields, fillHiddenField{Name: undoPrefix + rid + "[0]." + strings.TrimPrefix(k, prefix), Value: val})
		}
	}
	return r
}

// fillRestoreRow puts a removed row (its undoPrefix fields) back at
// position n of its table, within the row limit; it returns where.
func fillRestoreRow(def *worksheets.Definition, ans worksheets.Answers, rid string, n int, form map[string][]string) (int, bool) {
	it, ok := def.ItemByID(rid)
	if !ok || it.Type != worksheets.TypeRepeat {
		return 0, false
	}
	sub := map[string][]string{}
	for k, vals := range form {
		if strings.HasPrefix(k, undoPrefix+rid+"[0].") {
			sub[strings.TrimPrefix(k, undoPrefix)] = vals
		}
	}
	back, _ := def.AnswersFromForm(sub)
	got, _ := back[rid].([]any)
	rows, _ := ans[rid].([]any)
	if len(got) != 1 || len(rows) >= it.RowLimit() {
		return 0, false
	}
	n = min(n, len(rows))
	ans[rid] = append(rows[:n:n], append([]any{got[0]}, rows[n:]...)...)
	return n, true
}
