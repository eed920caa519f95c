package worksheets

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// reflective are the built-ins a client fills in to think, not to be
// measured: nothing on them may be required.
var reflective = []string{"help-seeking-origins", "relational-timeline", "support-map", "delegation-at-work", "small-steps-experiment",
	"small-steps-followup"}

func builtin(t *testing.T, key string) *Definition {
	t.Helper()
	for _, d := range library(t) {
		if d.Key == key {
			return d
		}
	}
	t.Fatalf("built-in %s missing", key)
	return nil
}

// TestReflectiveWorksheetsRequireNothing: an empty submission of each
// reflective worksheet is accepted, and no item (sub-items included) is
// marked required.
func TestReflectiveWorksheetsRequireNothing(t *testing.T) {
	t.Parallel()
	for _, key := range reflective {
		d := builtin(t, key)
		var walk func(items []Item)
		walk = func(items []Item) {
			for _, it := range items {
				if it.Required {
					t.Errorf("%s: %s is required; skipping must always be allowed", key, it.ID)
				}
				walk(it.Items)
			}
		}
		for _, s := range d.Sections {
			walk(s.Items)
		}
		if _, errs := d.ValidateAnswers(Answers{}, Submit); len(errs) != 0 {
			t.Errorf("%s: an empty submission is refused: %v", key, errs)
		}
	}
}

// TestBranchesOfferTalkingInSession: an item a branch reads lets the
// client say they would rather talk about it in session.
func TestBranchesOfferTalkingInSession(t *testing.T) {
	t.Parallel()
	for _, key := range reflective {
		d := builtin(t, key)
		for _, id := range showIfItems(d) {
			it, _ := d.ItemByID(id)
			if it.ShowIf == nil || it.ShowIf.Item == "" {
				continue
			}
			gate, ok := d.ItemByID(it.ShowIf.Item)
			if !ok {
				continue // a sibling inside a repeat row
			}
			if gate.Type == TypeYesNo {
				t.Errorf("%s: %s gates %s as yes/no; offer \"I'd rather talk about this in session\"", key, gate.ID, id)
			}
			if gate.Type == TypeChoice && !hasOption(gate, "in_session") {
				t.Errorf("%s: %s gates %s without an in_session option", key, gate.ID, id)
			}
		}
	}
	d := builtin(t, "small-steps-followup")
	a, errs := d.ValidateAnswers(Answers{"tried": "in_session"}, Submit)
	if len(errs) != 0 || a["tried"] != "in_session" {
		t.Errorf("tried = in_session: %v %v", a, errs)
	}
	for _, id := range []string{"what_happened", "what_got_in_way"} {
		it, _ := d.ItemByID(id)
		if d.Visible(it, a, nil) {
			t.Errorf("%s shown after choosing to talk in session", id)
		}
	}
}

func hasOption(it Item, value string) bool {
	for _, o := range it.Options {
		if o.Value == value {
			return true
		}
	}
	return false
}

// TestSupportMapNoOneYet: "no one comes to mind yet" with an empty map is
// a complete answer and reads back in words.
func TestSupportMapNoOneYet(t *testing.T) {
	t.Parallel()
	d := builtin(t, "support-map")
	a, errs := d.ValidateAnswers(Answers{"anyone_comes_to_mind": "no_one_yet"}, Submit)
	if len(errs) != 0 {
		t.Fatalf("refused: %v", errs)
	}
	found := false
	for _, s := range Readable(d, a) {
		for _, it := range s.Items {
			if it.ID == "anyone_comes_to_mind" && it.Text == "No one comes to mind yet" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("the review does not say \"No one comes to mind yet\": %+v", Readable(d, a))
	}
}

// TestStressAndLonelinessApart: the weekly check-in scores stress and
// loneliness as two scales, each with its own bands, never blended.
func TestStressAndLonelinessApart(t *testing.T) {
	t.Parallel()
	d := builtin(t, "weekly-connection-checkin")
	got := map[string]ScaleScore{}
	for _, s := range d.Score(Answers{"stress": 9.0, "loneliness": 2.0}) {
		got[s.Scale] = s
	}
	if len(got) != 2 || got["stress"].Band != "high" || got["loneliness"].Band != "low" ||
		*got["stress"].Value != 9 || *got["loneliness"].Value != 2 {
		t.Errorf("scores = %+v", got)
	}
}

// TestLibraryCourseOrder: the built-ins list in the order a course of
// work takes them.
func TestLibraryCourseOrder(t *testing.T) {
	t.Parallel()
	defs := library(t)
	sort.SliceStable(defs, func(i, j int) bool { return CourseLess(defs[i], defs[j]) })
	var got []string
	for _, d := range defs {
		got = append(got, d.Key)
	}
	want := []string{
		// beginning: what it is, what it does for me, what matters
		"healthy-independence", "what-doing-it-alone-does", "connection-values",
		// where it comes from, and being on guard now
		"help-seeking-origins", "relational-timeline", "always-on-guard",
		// who is around, graded trust; the weekly check-ins alongside
		"support-map", "trust-with-what", "self-reliance-checkin", "weekly-connection-checkin",
		// the graded middle: a ladder, words, hand-overs, experiments
		"asking-ladder", "asking-receiving-no", "delegation-at-work", "small-steps-experiment", "small-steps-followup",
		"letting-partner-in",
		// whenever needed, and the end
		"safety-plan", "looking-back"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("course order = %v\nwant %v", got, want)
	}
}

// courseKeys are the keys other parts of Tend (the built-in course) name;
// they must never change.
var courseKeys = []string{"healthy-independence", "what-doing-it-alone-does", "connection-values", "asking-ladder",
	"asking-receiving-no", "trust-with-what", "always-on-guard", "letting-partner-in", "safety-plan", "looking-back",
	"small-steps-experiment", "small-steps-followup"}

// TestGuidesCarryTheCourse: every built-in guide says what comes next in
// the course (naming worksheets that exist), and has a note on culture, on
// neurodivergence and on what to do if the client becomes distressed.
func TestGuidesCarryTheCourse(t *testing.T) {
	t.Parallel()
	defs := library(t)
	titles := map[string]bool{}
	for _, d := range defs {
		titles[d.Title] = true
	}
	for _, k := range courseKeys {
		builtin(t, k)
	}
	quoted := regexp.MustCompile(`"([^"]+)"`)
	for _, d := range defs {
		for _, h := range []string{"\n  Next step\n", "\n  Culture and context\n", "\n  Neurodivergence\n",
			"\n  If the client becomes distressed while filling this in\n"} {
			if !strings.Contains("\n  "+strings.ReplaceAll(d.Guide, "\n", "\n  "), h) {
				t.Errorf("%s: the guide has no %q section", d.Key, strings.TrimSpace(h))
			}
		}
		next := d.Guide[strings.Index(d.Guide, "Next step\n"):]
		next = next[:strings.Index(next, "\n\n")]
		named := 0
		for _, m := range quoted.FindAllStringSubmatch(next, -1) {
			if titles[m[1]] {
				named++
			}
		}
		if named == 0 && d.Key != "looking-back" {
			t.Errorf("%s: \"Next step\" names no built-in worksheet by its title: %s", d.Key, next)
		}
	}
}

// TestHistorySheetsHoldTheClient: the two history worksheets open by
// saying how to pause, close with a grounding step, and "Not OK" at the
// end raises a medium flag with warm words for the client (and "A bit
// shaken" raises nothing).
func TestHistorySheetsHoldTheClient(t *testing.T) {
	t.Parallel()
	for _, key := range []string{"help-seeking-origins", "relational-timeline"} {
		d := builtin(t, key)
		if first := d.Sections[0]; !strings.Contains(fmt.Sprint(first.Items), "You can stop at any time. To pause") {
			t.Errorf("%s: the first section does not say how to pause", key)
		}
		last := d.Sections[len(d.Sections)-1]
		if last.Title != "Before you go" || !strings.Contains(fmt.Sprint(last.Items), "three things you can see") {
			t.Errorf("%s: no grounding step at the end: %+v", key, last)
		}
		for answer, want := range map[string]int{"not_ok": 1, "a_bit_shaken": 0, "ok": 0} {
			a, errs := d.ValidateAnswers(Answers{"how_now": answer}, Submit)
			if len(errs) != 0 {
				t.Fatalf("%s: %v", key, errs)
			}
			flags := d.EvaluateFlags(a)
			if len(flags) != want || (want == 1 && flags[0].Severity != SeverityMedium) {
				t.Errorf("%s: how_now = %s raised %+v", key, answer, flags)
			}
		}
		if rule, ok := d.FlagRule("not_ok_after"); !ok || !strings.Contains(rule.ClientMessage, "check in with you") {
			t.Errorf("%s: the flag tells the client nothing: %+v", key, rule)
		}
	}
}

// TestTimelinePrivateMoment: a private moment keeps the age only; what was
// typed in the row's other cells is dropped when the sheet is sent.
func TestTimelinePrivateMoment(t *testing.T) {
	t.Parallel()
	d := builtin(t, "relational-timeline")
	a, errs := d.ValidateAnswers(Answers{"moments": []any{
		map[string]any{"age": 9.0, "kind": "private", "event": "typed, then kept private", "trust_effect": 2.0},
		map[string]any{"age": 15.0, "event": "A teacher stood up for me", "trust_effect": 8.0},
	}}, Submit)
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	rows := a["moments"].([]any)
	if got := rows[0].(map[string]any); !reflect.DeepEqual(got, map[string]any{"age": 9.0, "kind": "private"}) {
		t.Errorf("private row kept %v", got)
	}
	if got := rows[1].(map[string]any); got["event"] != "A teacher stood up for me" {
		t.Errorf("an ordinary row lost its words: %v", got)
	}
}
