package fill_test

import (
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// TestFillFormMarkup checks, for every built-in worksheet, the structure a
// screen reader relies on (the browser tests run axe-core on top).
func TestFillFormMarkup(t *testing.T) {
	t.Parallel()
	lib, err := worksheets.Library()
	if err != nil {
		t.Fatal(err)
	}
	env, p := newFillEnv(t, testenv.DB{Name: "sqlite"})
	idRe := regexp.MustCompile(`<(?:input|textarea)[^>]*\sid="([^"]+)"[^>]*>`)
	templateRe := regexp.MustCompile(`(?s)<template.*?</template>`)
	for _, def := range lib {
		t.Run(def.Key, func(t *testing.T) {
			fc := assignFill(t, env, p, def.Key)
			page := fc.mustOpen()
			// Rows too: add one to every table.
			for _, s := range def.Sections {
				for _, it := range s.Items {
					if it.Type == worksheets.TypeRepeat {
						form := formBase(page)
						form.Set("action", "add:"+it.ID)
						resp, body := fc.post("/f/save", form)
						testenv.WantStatus(t, "add row", resp, body, 303)
						_, page = fc.get("/f/form")
					}
				}
			}
			live := templateRe.ReplaceAllString(page, "")
			ids := map[string]bool{}
			for _, m := range idRe.FindAllStringSubmatch(live, -1) {
				if strings.Contains(m[0], `type="hidden"`) {
					continue
				}
				if ids[m[1]] {
					t.Errorf("duplicate id %s", m[1])
				}
				ids[m[1]] = true
				if !strings.Contains(page, `<label for="`+m[1]+`"`) {
					t.Errorf("no label for #%s", m[1])
				}
			}
			if len(ids) < 3 {
				t.Fatalf("only %d inputs found", len(ids))
			}
			if strings.Count(page, "<fieldset") != strings.Count(page, "<legend") {
				t.Error("a fieldset without a legend")
			}
			for _, m := range regexp.MustCompile(`aria-describedby="([^"]+)"`).FindAllStringSubmatch(page, -1) {
				for _, id := range strings.Fields(m[1]) {
					if !strings.Contains(page, `id="`+id+`"`) {
						t.Errorf("aria-describedby names a missing #%s", id)
					}
				}
			}
			for _, s := range def.Sections {
				for _, it := range s.Items {
					checkItemMarkup(t, page, it, "q-"+it.ID)
				}
			}
		})
	}
}

func checkItemMarkup(t *testing.T, page string, it worksheets.Item, hid string) {
	t.Helper()
	switch it.Type {
	case worksheets.TypeSlider:
		// Without JavaScript: a drop-down that starts at "Not answered";
		// the range (for fill.js) is disabled, so it posts nothing.
		if !strings.Contains(page, `<select id="`+hid+`"`) || !strings.Contains(page, `<option value="" selected>Not answered</option>`) ||
			!strings.Contains(page, `type="range" data-name=`) || !strings.Contains(page, `<output id="`+hid+`-out"`) {
			t.Errorf("%s: slider markup", it.ID)
		}
	case worksheets.TypeDate:
		if !strings.Contains(page, `type="date" id="`+hid+`"`) {
			t.Errorf("%s: not a date input", it.ID)
		}
	case worksheets.TypeLikert, worksheets.TypeChoice, worksheets.TypeYesNo, worksheets.TypeMultiChoice:
		if !strings.Contains(page, `<fieldset class="item item-`+it.Type) || !strings.Contains(page, `id="`+hid+`-0"`) {
			t.Errorf("%s: group markup", it.ID)
		}
	case worksheets.TypeRepeat:
		if !strings.Contains(page, `value="add:`+it.ID+`"`) || !strings.Contains(page, `value="remove:`+it.ID+`:0"`) {
			t.Errorf("%s: row buttons", it.ID)
		}
		for _, sub := range it.Items {
			checkItemMarkup(t, page, sub, hid+"-0-"+sub.ID)
		}
	}
	if it.Help != "" && !strings.Contains(page, `id="`+hid+`-help"`) {
		t.Errorf("%s: help not linked", it.ID)
	}
	if it.Required && !regexp.MustCompile(`(?s)`+regexp.QuoteMeta(htmlText(it.Prompt))+`\s*<span class="req">\(required\)</span>`).MatchString(page) {
		t.Errorf("%s: required not said in words", it.ID)
	}
}

// htmlText escapes like html/template does in text.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;", "+", "&#43;").Replace(s)
}

func TestFillShowIfNoteWithoutJS(t *testing.T) {
	t.Parallel()
	fc := newFill(t, testenv.DB{Name: "sqlite"}, "small-steps-followup")
	page := text(fc.mustOpen())
	for _, want := range []string{"Answer this if you chose “Yes” for “Did you try it?”", "Answer this if you chose “No” for “Did you try it?”"} {
		if !strings.Contains(page, want) {
			t.Errorf("missing note %q", want)
		}
	}
	if !strings.Contains(page, `data-show-if="{"item":"tried","op":"=","value":"yes"}"`) {
		t.Error("the condition is not passed to fill.js")
	}
}

// TestFillWithoutJavaScript fills a worksheet with plain form posts, as a
// browser without JavaScript does: save, add and remove rows, submit with
// errors, submit.
func TestFillWithoutJavaScript(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "support-map")
			page := fc.mustOpen()
			viet := "Tôi không muốn nhờ ai giúp đỡ 😊 <b>&\"'"

			// Save: back to the start page, which says it is saved.
			form := formBase(page)
			form.Set("ask_what", viet)
			form.Set("action", "save")
			resp, body := fc.post("/f/save", form)
			testenv.WantStatus(t, "save", resp, body, 303)
			if resp.Header.Get("Location") != "/f" {
				t.Fatalf("save went to %q", resp.Header.Get("Location"))
			}
			_, body = fc.get("/f")
			if !strings.Contains(body, "Your answers are saved") || !strings.Contains(body, ">Continue<") {
				t.Fatalf("start page after save:\n%s", body)
			}

			// Enter in a field presses the first submit button: it saves
			// and stays on the form (never "remove row 1").
			_, page = fc.get("/f/form")
			if strings.Index(page, `type="submit"`) != strings.Index(page, `type="submit" name="action" value="stay"`) {
				t.Fatal("the first submit button is not the plain save")
			}
			form = formBase(page)
			form.Set("ask_what", viet)
			form.Set("action", "stay")
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "enter", resp, body, 303)
			if resp.Header.Get("Location") != "/f/form" {
				t.Fatalf("enter went to %q", resp.Header.Get("Location"))
			}

			// Add a row: the typed answers are saved with it.
			_, page = fc.get("/f/form")
			if !strings.Contains(page, "Your answers are saved.") {
				t.Fatal("no confirmation on the form")
			}
			if !strings.Contains(text(page), viet) {
				t.Fatal("the saved answer is not in the form")
			}
			form = formBase(page)
			form.Set("ask_what", viet)
			form.Set("action", "add:people")
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "add row", resp, body, 303)
			if loc := resp.Header.Get("Location"); loc != "/f/form#q-people-0-row" {
				t.Fatalf("add row went to %q", loc)
			}
			_, page = fc.get("/f/form")
			if !strings.Contains(page, `name="people[0].initials"`) || !strings.Contains(page, `<legend>Person <span data-row-number>1</span></legend>`) {
				t.Fatal("row 1 is not on the page")
			}
			form = formBase(page)
			form.Set("ask_what", viet)
			form.Set("people[0]._row", "1")
			form.Set("people[0].initials", "J.M.")
			form.Set("people[0].relationship", "other")
			form.Set("people[0].relationship_other", "my coach 😊")
			form.Set("people[0].closeness", "4")
			form.Set("action", "add:people")
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "add a second row", resp, body, 303)

			// Remove the first row: the second (empty) one stays.
			_, page = fc.get("/f/form")
			form = formBase(page)
			form.Set("ask_what", viet)
			form.Set("people[0]._row", "1")
			form.Set("people[0].initials", "J.M.")
			form.Set("people[1]._row", "1")
			form.Set("people[1].initials", "A.B.")
			form.Set("action", "remove:people:0")
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "remove row", resp, body, 200)
			want := map[string]any{"ask_what": viet, "people": []any{map[string]any{"initials": "A.B."}}}
			if a := fc.stored()["answers"]; !reflect.DeepEqual(a, want) {
				t.Fatalf("after remove: %v", a)
			}

			// Submit with a too-long answer: everything comes back.
			_, page = fc.get("/f/form")
			form = formBase(page)
			key := form.Get("_submission")
			form.Set("ask_what", viet)
			form.Set("ask_worry", "line one\r\nline two")
			form.Set("people[0]._row", "1")
			form.Set("people[0].initials", "TOO LONG "+strings.Repeat("z", 120))
			form.Set("people[0].last_asked", "recent")
			resp, body = fc.post("/f/submit", form)
			testenv.WantStatus(t, "submit with errors", resp, body, 422)
			for _, want := range []string{viet, "line one\nline two", `value="recent" checked`, "TOO LONG",
				`<a href="#q-people-0-initials"><span class="summary-q">Person 1: Their initials</span> <span class="summary-msg">This answer is too long (at most 10 characters).</span></a>`,
				`<p class="field-error" id="q-people-0-initials-error"><span class="visually-hidden">Error: </span>This answer is too long (at most 10 characters).</p>`,
				`id="error-summary" tabindex="-1" role="alert"`, "One answer needs a look before you send",
				`name="_submission" value="` + key + `"`} {
				if !strings.Contains(text(body), want) {
					t.Errorf("the error page lacks %q", want)
				}
			}
			if t.Failed() {
				t.FailNow()
			}

			// Fix and send.
			form.Set("_version", hidden(body, "_version"))
			form.Set("ask_person", "J. 😊")
			form.Set("people[0].initials", "A.B.")
			resp, body = fc.post("/f/submit", form)
			testenv.WantStatus(t, "submit", resp, body, 303)
			if resp.Header.Get("Location") != "/f/done" {
				t.Fatalf("submit went to %q", resp.Header.Get("Location"))
			}
			_, body = fc.get("/f/done")
			if !strings.Contains(body, "Thank you") || strings.Contains(body, "If you are in danger now") {
				t.Fatalf("done page:\n%s", body)
			}
			want = map[string]any{"ask_what": viet, "ask_worry": "line one\nline two", "ask_person": "J. 😊",
				"people": []any{map[string]any{"initials": "A.B.", "last_asked": "recent"}}}
			st := fc.stored()
			if st["status"] != "submitted" || !reflect.DeepEqual(st["answers"], want) {
				t.Fatalf("stored: %v", st["answers"])
			}

			// Afterwards: the read-only copy, never an editable form.
			resp, _ = fc.get("/f/form")
			if resp.StatusCode != 303 || resp.Header.Get("Location") != "/f/answers" {
				t.Fatalf("form after submit: %d %s", resp.StatusCode, resp.Header.Get("Location"))
			}
			resp, body = fc.get("/f/answers")
			testenv.WantStatus(t, "answers", resp, body, 200)
			if !strings.Contains(text(body), viet) || !strings.Contains(text(body), "In the last month") || strings.Contains(body, "<textarea") {
				t.Fatalf("answers page:\n%s", body)
			}
			resp, body = fc.post("/f/submit", form) // the same form again: a double click
			testenv.WantStatus(t, "double submit", resp, body, 303)
			form.Set("_submission", "another-key")
			form.Set("ask_person", "changed")
			resp, body = fc.post("/f/submit", form)
			testenv.WantStatus(t, "submit again", resp, body, 409)
			if !strings.Contains(body, "These answers were already sent") || strings.Contains(body, "<textarea") {
				t.Fatalf("second submit page:\n%s", body)
			}
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "save after submit", resp, body, 409)
			if !strings.Contains(body, "These answers were already sent") {
				t.Fatalf("save after submit:\n%s", body)
			}
			if a := fc.stored()["answers"]; !reflect.DeepEqual(a, want) {
				t.Fatalf("changed after submission: %v", a)
			}
			_, body = fc.get("/f")
			if !strings.Contains(body, `href="/f/answers"`) {
				t.Fatalf("start page after submit:\n%s", body)
			}
		})
	}
}

func TestFillFormCSRF(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "weekly-connection-checkin")
			page := fc.mustOpen()
			for _, path := range []string{"/f/save", "/f/submit"} {
				for _, token := range []string{"", "forged"} {
					form := formBase(page)
					form.Set("_csrf", token)
					form.Set("asked_help", "yes")
					resp, body := fc.post(path, form)
					testenv.WantStatus(t, path+" without CSRF", resp, body, 403)
				}
			}
			if st := fc.stored(); st["answers"] != nil || st["status"] != "assigned" {
				t.Fatalf("changed without CSRF: %v", st)
			}
		})
	}
}

// TestFillTwoWindows: a save from a page older than the stored draft never
// overwrites it unless the client chooses to.
func TestFillTwoWindows(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "weekly-connection-checkin")
			old := fc.mustOpen()
			if resp, body := fc.putDraft(0, map[string]any{"week_notes": "from the phone"}); resp.StatusCode != 200 {
				t.Fatalf("other window: %d %s", resp.StatusCode, body)
			}
			form := formBase(old)
			form.Set("week_notes", "from the laptop")
			form.Set("action", "save")
			resp, body := fc.post("/f/save", form)
			testenv.WantStatus(t, "stale save", resp, body, 409)
			if !strings.Contains(body, "Your answers were also changed somewhere else") || !strings.Contains(body, "from the laptop") ||
				hidden(body, "_version") != "1" {
				t.Fatalf("conflict page:\n%s", body)
			}
			if a := fc.stored()["answers"].(map[string]any); a["week_notes"] != "from the phone" {
				t.Fatalf("overwritten: %v", a)
			}
			form.Set("_version", hidden(body, "_version"))
			resp, body = fc.post("/f/save", form)
			testenv.WantStatus(t, "keep this page", resp, body, 303)
			if a := fc.stored()["answers"].(map[string]any); a["week_notes"] != "from the laptop" {
				t.Fatalf("not kept: %v", a)
			}
		})
	}
}

func TestFillCrisisPanel(t *testing.T) {
	t.Parallel()
	for _, harm := range []string{"yes", "no"} {
		fc := newFill(t, testenv.DB{Name: "sqlite"}, "weekly-connection-checkin")
		form := formBase(fc.mustOpen())
		form.Set("asked_help", "no")
		form.Set("harm_thoughts", harm)
		form.Set("stress", "7") // a slider posts its value without JavaScript
		resp, body := fc.post("/f/submit", form)
		testenv.WantStatus(t, "submit", resp, body, 303)
		_, body = fc.get("/f/done")
		has := strings.Contains(body, "If you are in danger now")
		if has != (harm == "yes") {
			t.Fatalf("harm=%s: crisis panel shown=%v\n%s", harm, has, body)
		}
		if has && !strings.Contains(body, `<a href="https://findahelpline.com" rel="noopener noreferrer">https://findahelpline.com</a>`) {
			t.Fatalf("crisis contacts:\n%s", body)
		}
		if a := fc.stored()["answers"].(map[string]any); a["stress"] != 7.0 {
			t.Fatalf("slider: %v", a)
		}
	}
}

// TestFillFailedSubmitKeepsDraft: a submit with a missing answer still
// saves what was typed, so closing the page then loses nothing.
func TestFillFailedSubmitKeepsDraft(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "weekly-connection-checkin")
			form := formBase(fc.mustOpen())
			form.Set("week_notes", "keep me")
			resp, body := fc.post("/f/submit", form)
			testenv.WantStatus(t, "submit without the required answer", resp, body, 422)
			if hidden(body, "_version") != "1" {
				t.Fatalf("version on the page: %q", hidden(body, "_version"))
			}
			st := fc.stored()
			if a, _ := st["answers"].(map[string]any); st["status"] != "in_progress" || a["week_notes"] != "keep me" {
				t.Fatalf("stored: %v", st)
			}
		})
	}
}
