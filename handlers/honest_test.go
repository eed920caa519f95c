package handlers_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// assignTo gives the client another worksheet through the API.
func assignTo(t *testing.T, p *testenv.Practitioner, clientID, key string) testenv.Assigned {
	t.Helper()
	resp, body := p.API("POST", "/api/v1/clients/"+clientID+"/assignments", map[string]any{"worksheet_key": key, "due_on": "2026-11-09"})
	testenv.WantStatus(t, "assign "+key, resp, body, 201)
	a := testenv.JSON(t, body)
	return testenv.Assigned{ClientID: clientID, AssignmentID: a["id"].(string), Link: a["link"].(string)}
}

// eachDB runs fn on every test database, with a fresh Tend and one
// practitioner.
func eachDB(t *testing.T, fn func(t *testing.T, env *testenv.Env, p *testenv.Practitioner)) {
	t.Helper()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			fn(t, env, env.NewPractitioner("Ada", false))
		})
	}
}

// submitAs sends answers from the client's link.
func submitAs(t *testing.T, env *testenv.Env, a testenv.Assigned, answers map[string]any) {
	t.Helper()
	resp, body := env.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": answers})
	testenv.WantStatus(t, "submit", resp, body, 200)
}

// checkinSkipping is a full self-reliance check-in at 3, without ask_1.
func checkinSkipping() map[string]any {
	a := map[string]any{}
	for _, p := range []string{"ask", "dep", "ctl", "grd"} {
		for _, n := range []string{"1", "2", "3"} {
			a[p+"_"+n] = 3
		}
	}
	delete(a, "ask_1")
	return a
}

// TestProratedOnEverySurface: a 3-item scale with one item skipped is
// scored from the other two, stored as prorated, and every surface says
// "prorated" next to it (and only next to it).
func TestProratedOnEverySurface(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, env *testenv.Env, p *testenv.Practitioner) {
		first := p.AssignNew("self-reliance-checkin", "")
		submitAs(t, env, first, checkinSkipping())
		second := assignTo(t, p, first.ClientID, "self-reliance-checkin")
		submitAs(t, env, second, checkinSkipping())

		stored, err := env.Store.AssignmentByID(context.Background(), p.ID, first.AssignmentID)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range stored.Scores {
			// ask_2 = 3 and reversed ask_3 = 4-3 = 1: mean 2, times 3 items.
			if want := s.Scale == "asking"; s.Prorated != want || (want && (s.Value == nil || *s.Value != 6)) {
				t.Errorf("stored %s: prorated %v, value %v", s.Scale, s.Prorated, s.Value)
			}
		}

		review := pageText(p.Web().Get("/assignments/" + first.AssignmentID))
		if !strings.Contains(review, "Not asking for help") || !strings.Contains(review, "6 of 12 prorated") ||
			strings.Count(review, "prorated") != 1 {
			t.Errorf("review page: %s", review)
		}

		_, body := p.API("GET", "/api/v1/assignments/"+first.AssignmentID, nil)
		for _, sc := range testenv.JSON(t, body)["scores"].([]any) {
			s := sc.(map[string]any)
			if s["prorated"] != (s["scale"] == "asking") {
				t.Errorf("API score %v: prorated %v", s["scale"], s["prorated"])
			}
		}

		resp, pdf := p.API("GET", "/api/v1/assignments/"+first.AssignmentID+"/pdf", nil)
		testenv.WantStatus(t, "pdf", resp, "", 200)
		if text := pdfText(t, []byte(pdf)); !strings.Contains(text, "prorated, range 0–12") || strings.Count(text, "prorated") != 1 {
			t.Errorf("PDF: %s", text)
		}

		client := pageText(p.Web().Get("/clients/" + first.ClientID))
		if strings.Count(client, "Mon 2 Nov 2026 6 prorated (moderate) 7 (moderate)") != 2 {
			t.Errorf("client page trend table: %s", client)
		}
	})
}

// v1Like rebuilds a built-in's version 1 as it was shipped, from today's
// files: small-steps-experiment held what the follow-up sheet asks now and
// asked "Did you try it?" as yes/no, and the weekly check-in blended stress
// and loneliness into one strain scale.
func v1Like(t *testing.T, key string) *worksheets.Definition {
	t.Helper()
	from := key
	if key == "small-steps-experiment" {
		from = "small-steps-followup"
	}
	src, _ := worksheets.LibraryYAML(from)
	d, err := worksheets.Parse(src)
	if err != nil {
		t.Fatal(err)
	}
	d.Key, d.Version, d.CourseOrder = key, 1, 0
	yes := map[any]any{"yes": true, "no": false}
	for si := range d.Sections {
		for ii := range d.Sections[si].Items {
			it := &d.Sections[si].Items[ii]
			if it.ID == "tried" {
				it.Type, it.Options, it.Required = worksheets.TypeYesNo, nil, true
			}
			if it.ShowIf != nil && it.ShowIf.Item == "tried" {
				it.ShowIf.Value = yes[it.ShowIf.Value]
			}
		}
	}
	if key == "weekly-connection-checkin" {
		three, six := 3.0, 6.0
		d.Scales = []worksheets.Scale{{ID: "strain", Title: "Stress and loneliness", Items: []string{"stress", "loneliness"}, Method: "mean",
			Bands: []worksheets.Band{{Max: &three, Label: "low"}, {Max: &six, Label: "moderate"}, {Label: "high"}}}}
	}
	if ps := d.Validate(); len(ps) != 0 {
		t.Fatalf("v1 of %s: %v", key, ps)
	}
	return d
}

// TestOldVersionAfterBump: answers given on a built-in's version 1 keep
// rendering with version 1 after the current version is synced, on the review page
// and in the PDF; new assignments get the current one; old strain scores stay in
// the client's history next to the two new scales.
func TestOldVersionAfterBump(t *testing.T) {
	t.Parallel()
	eachDB(t, func(t *testing.T, env *testenv.Env, p *testenv.Practitioner) {
		ctx := context.Background()
		// Back to a server that only knew version 1.
		keys := []string{"small-steps-experiment", "weekly-connection-checkin"}
		if err := env.Store.DB().Exec("DELETE FROM worksheet_versions WHERE key IN ?", keys).Error; err != nil {
			t.Fatal(err)
		}
		if err := env.Store.SyncBuiltins(ctx, []*worksheets.Definition{v1Like(t, keys[0]), v1Like(t, keys[1])}); err != nil {
			t.Fatal(err)
		}
		old := p.AssignNew("small-steps-experiment", "")
		submitAs(t, env, old, map[string]any{"tried": true, "what_happened": "We had lunch and it was fine."})
		oldWeekly := assignTo(t, p, old.ClientID, "weekly-connection-checkin")
		submitAs(t, env, oldWeekly, map[string]any{"stress": 6, "loneliness": 8, "asked_help": false})

		lib, err := worksheets.Library()
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Store.SyncBuiltins(ctx, lib); err != nil {
			t.Fatal(err)
		}
		newer := assignTo(t, p, old.ClientID, "small-steps-experiment")
		current := 0.0
		for _, d := range lib {
			if d.Key == keys[0] {
				current = float64(d.Version)
			}
		}
		for id, want := range map[string]float64{old.AssignmentID: 1, newer.AssignmentID: current} {
			_, body := p.API("GET", "/api/v1/assignments/"+id, nil)
			if v := testenv.JSON(t, body)["worksheet"].(map[string]any)["version"]; v != want {
				t.Errorf("assignment %s: version %v, want %v", id, v, want)
			}
		}

		review := pageText(p.Web().Get("/assignments/" + old.AssignmentID))
		resp, pdf := p.API("GET", "/api/v1/assignments/"+old.AssignmentID+"/pdf", nil)
		testenv.WantStatus(t, "pdf", resp, "", 200)
		for name, text := range map[string]string{"review page": review, "PDF": pdfText(t, []byte(pdf))} {
			for _, want := range []string{"Did you try it? Yes", "We had lunch and it was fine."} {
				if !strings.Contains(text, want) {
					t.Errorf("%s of the v1 answers lacks %q: %s", name, want, text)
				}
			}
		}

		for _, ans := range []map[string]any{{"stress": 4, "loneliness": 2, "asked_help": true}, {"stress": 5, "loneliness": 1, "asked_help": true}} {
			submitAs(t, env, assignTo(t, p, old.ClientID, "weekly-connection-checkin"), ans)
		}
		client := pageText(p.Web().Get("/clients/" + old.ClientID))
		for _, want := range []string{"Stress this week", "Loneliness this week", "Stress and loneliness", "7 (high)", "5 (moderate)", "1 (low)"} {
			if !strings.Contains(client, want) {
				t.Errorf("client page lacks %q: %s", want, client)
			}
		}
	})
}
