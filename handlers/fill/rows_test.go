package fill_test

import (
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestRowsTitledByTheirItem: a table's rows are titled from its row_label
// ("Person 1") in the form, the client's copy and the practitioner's review
// page; the add button says "Add another".
func TestRowsTitledByTheirItem(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "support-map")
		page := fc.mustOpen()
		if !strings.Contains(page, `>Add another<span class="visually-hidden"> to “The people around me”</span></button>`) {
			t.Fatalf("the add button is not labelled Add another:\n%s", page)
		}
		resp, body := fc.api("POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
			"ask_person": "my sister", "people": []any{map[string]any{"initials": "J.M."}, map[string]any{"initials": "A.B."}}}})
		testenv.WantStatus(t, "submit", resp, body, 200)
		_, copyPage := fc.get("/f/answers")
		if !strings.Contains(copyPage, `<p class="row-title">Person 1</p>`) || !strings.Contains(copyPage, `<p class="row-title">Person 2</p>`) {
			t.Errorf("the client's copy does not title rows Person 1, Person 2:\n%s", copyPage)
		}
		_, review := fc.p.Web().Get("/assignments/" + fc.assignment)
		if !strings.Contains(review, `<th scope="row">Person 2</th>`) {
			t.Errorf("the review page does not title rows:\n%s", review)
		}
	})
}

// rowsPost is a post of the form on page with the given name, value pairs
// and the action button pressed.
func rowsPost(page, action string, kv ...string) url.Values {
	f := formBase(page)
	f.Set("action", action)
	for i := 0; i+1 < len(kv); i += 2 {
		f.Set(kv[i], kv[i+1])
	}
	return f
}

// TestPutItBackWithoutJavaScript: removing a row with the plain post says
// which row went and carries its words in the page; "Put it back" restores
// it in its place; saving instead leaves it removed.
func TestPutItBackWithoutJavaScript(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newFill(t, db, "support-map")
		page := fc.mustOpen()
		both := []string{"people[0]._row", "1", "people[0].initials", "J.M.", "people[1]._row", "1", "people[1].initials", "A.B."}
		left := []string{"people[0]._row", "1", "people[0].initials", "A.B.", "_undo.people[0]._row", "1", "_undo.people[0].initials", "J.M."}
		row := func(initials ...string) []any {
			var out []any
			for _, s := range initials {
				out = append(out, map[string]any{"initials": s})
			}
			return out
		}
		stored := func(what string, want []any) {
			t.Helper()
			if a := fc.stored()["answers"]; !reflect.DeepEqual(a, map[string]any{"people": want}) {
				t.Fatalf("%s: stored %v", what, a)
			}
		}

		resp, body := fc.post("/f/save", rowsPost(page, "remove:people:0", both...))
		testenv.WantStatus(t, "remove", resp, body, 200)
		stored("after removing", row("A.B."))
		if !strings.Contains(text(body), "Person 1 was removed from “The people around me”") ||
			!strings.Contains(body, `name="_undo.people[0].initials" value="J.M."`) || !strings.Contains(body, `value="restore:people:0" class="secondary">Put it back</button>`) {
			t.Fatalf("no Put it back after removing:\n%s", body)
		}
		resp, body = fc.post("/f/save", rowsPost(body, "restore:people:0", left...))
		testenv.WantStatus(t, "put it back", resp, body, 303)
		if loc := resp.Header.Get("Location"); loc != "/f/form#q-people-0-row" {
			t.Fatalf("put it back went to %q", loc)
		}
		stored("after Put it back", row("J.M.", "A.B."))
		_, page = fc.get("/f/form")
		if !strings.Contains(page, `name="people[0].initials" value="J.M."`) {
			t.Fatal("the row put back is not first in the form")
		}

		resp, body = fc.post("/f/save", rowsPost(page, "remove:people:0", both...))
		testenv.WantStatus(t, "remove again", resp, body, 200)
		resp, body = fc.post("/f/save", rowsPost(body, "stay", left...))
		testenv.WantStatus(t, "save after removing", resp, body, 303)
		stored("saving after a removal", row("A.B."))
	})
}
