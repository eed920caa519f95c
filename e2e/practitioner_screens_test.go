package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestPractitionerPagesTour visits every practitioner page with realistic
// data, on a tablet and (for the busiest pages) a phone: axe-core must find
// no serious or critical violation, and with TEND_SCREENSHOT_DIR set each
// page is saved as practitioner-<name>.png for a person to look at:
//
//	TEND_TEST_BROWSER=1 TEND_SCREENSHOT_DIR=/tmp/shots go test ./e2e -run PagesTour
func TestPractitionerPagesTour(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	env := srv.Env
	ctx := context.Background()
	p := env.NewPractitioner("Dr Ada Lind", true)
	env.NewPractitioner("Ben Okafor", false)
	if err := env.Store.SetTimeZone(ctx, p.ID, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	client := func(name, email string) string {
		c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name, Email: &email})
		if err != nil {
			t.Fatal(err)
		}
		return c.ID
	}
	for _, n := range []string{"Priya Shah", "Tomás Ruiz", "Lena Vogel", "Mai Nguyễn"} {
		client(n, "")
	}
	jo := client("Jo Brennan", "")
	prAssign(t, env, p.ID, jo, "support-map", "")
	noor := client("Noor A.", "noor@example.org")
	sam := client("Sam K.", "sam@example.org")
	notes := "First seen in October. Works long hours as a nurse; finds it hard to let colleagues cover shifts."
	if _, err := env.Store.UpdateClient(ctx, p.ID, sam, models.ClientInput{Notes: &notes}); err != nil {
		t.Fatal(err)
	}
	var checkins []string
	for i, v := range []float64{3, 3, 2, 1} {
		id := prAssign(t, env, p.ID, sam, "self-reliance-checkin", "Fill this in on Sunday evening.")
		ans := worksheets.Answers{}
		for k := range checkinRadios(0) {
			ans[k] = v
		}
		ans["ask_3"], ans["week_notes"] = float64(i), "My sister offered to take the kids on Saturday.\nI said yes, which felt strange."
		if i == 3 {
			delete(ans, "ask_1") // the newest is scored from 2 of 3: prorated
		}
		prSubmit(t, env, id, ans)
		checkins = append(checkins, id)
		env.Clock.Advance(7 * 24 * time.Hour)
	}
	if _, err := env.Store.AddNote(ctx, p.ID, sam, checkins[2], "Talk about what made saying yes possible."); err != nil {
		t.Fatal(err)
	}
	earlier := prAssign(t, env, p.ID, sam, "weekly-connection-checkin", "")
	prSubmit(t, env, earlier, worksheets.Answers{"stress": 5.0, "loneliness": 3.0, "asked_help": true})
	env.Clock.Advance(24 * time.Hour)
	flagged := prAssign(t, env, p.ID, sam, "weekly-connection-checkin", "")
	prSubmit(t, env, flagged, worksheets.Answers{"stress": 8.0, "loneliness": 9.0, "asked_help": false,
		"asked_help_barrier": "Didn't want to be a bother", "harm_thoughts": true, "week_notes": "A hard week at work."})
	draft := prAssign(t, env, p.ID, noor, "delegation-at-work", "")
	if _, _, err := env.Store.SaveDraft(ctx, draft, 0, worksheets.Answers{"held_tasks": []any{
		map[string]any{"task": "Planning the team rota", "fear": "It falls apart and I get blamed.", "cost": 8.0},
		map[string]any{"task": "Checking every report before it goes out", "cost": 6.0},
	}, "familiar_thoughts": []any{"done_wrong", "quicker_myself", "other"}, "familiar_thoughts_other": "Nobody else has time"}); err != nil {
		t.Fatal(err)
	}
	prAssign(t, env, p.ID, noor, "support-map", "")
	// Drawings: Sam's support map and relationship timeline.
	supportMap := prAssign(t, env, p.ID, sam, "support-map", "")
	prSubmit(t, env, supportMap, worksheets.Answers{"anyone_comes_to_mind": "some_people", "people": []any{
		map[string]any{"initials": "M.K.", "relationship": "family", "closeness": 5.0, "last_asked": "recent", "could_help_with": []any{"emotional", "company"}},
		map[string]any{"initials": "Dee", "relationship": "friend", "closeness": 4.0, "last_asked": "longer", "what_stops": "She has a new baby."},
		map[string]any{"initials": "R.T.", "relationship": "work", "closeness": 3.0, "last_asked": "recent", "could_help_with": []any{"practical", "advice"}},
		map[string]any{"initials": "Gran", "relationship": "family", "closeness": 4.0},
		map[string]any{"initials": "A.B.", "relationship": "neighbour", "closeness": 2.0, "last_asked": "never"},
		map[string]any{"initials": "Coach", "relationship": "group", "closeness": 1.0, "last_asked": "never"},
	}})
	timeline := prAssign(t, env, p.ID, sam, "relational-timeline", "")
	prSubmit(t, env, timeline, worksheets.Answers{"moments": []any{
		map[string]any{"age": 6.0, "trust_effect": 2.0, "event": "Dad left; nobody explained.", "who": "my dad"},
		map[string]any{"age": 9.0, "trust_effect": 8.0, "event": "A teacher noticed I was struggling.", "who": "Mrs P."},
		map[string]any{"age": 14.0, "kind": "private"},
		map[string]any{"age": 14.0, "trust_effect": 0.0, "event": "A friend told everyone my secret."},
		map[string]any{"age": 23.0, "trust_effect": 5.0, "event": "First job."},
		map[string]any{"age": 31.0, "trust_effect": 10.0, "event": "My partner stayed when I was ill."},
	}, "how_now": "a_bit_shaken"})
	// Risk answers not yet sent: one standing, one changed back (withdrawn).
	riskDraft := prAssign(t, env, p.ID, noor, "weekly-connection-checkin", "")
	if _, _, err := env.Store.SaveDraft(ctx, riskDraft, 0, worksheets.Answers{"stress": 7.0, "harm_thoughts": true}); err != nil {
		t.Fatal(err)
	}
	changedBack := prAssign(t, env, p.ID, jo, "weekly-connection-checkin", "")
	for v, yes := range []bool{true, false} {
		if _, _, err := env.Store.SaveDraft(ctx, changedBack, v, worksheets.Answers{"harm_thoughts": yes}); err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(20 * time.Minute)
	}
	env.Clock.Advance(2 * time.Hour)

	login := Page{T: t, Ctx: NewTab(t, TabOptions{Width: prTabletWidth, Height: prTabletHeight})}
	login.Go(srv.URL + "/login")
	prAxe(t, login, "login")
	prShot(t, login, "login")

	pg := prSignIn(t, srv, p, prTabletWidth, prTabletHeight)
	visit := func(name, path string) {
		t.Helper()
		pg.Go(srv.URL + path)
		prAxe(t, pg, name)
		prShot(t, pg, name)
	}
	visit("today", "/")
	visit("assignments", "/assignments")
	visit("clients", "/clients")
	visit("client", "/clients/"+sam)
	visit("client-edit", "/clients/"+sam+"/edit")
	visit("review-flagged", "/assignments/"+flagged)
	visit("review-scored", "/assignments/"+checkins[3])
	visit("review-draft", "/assignments/"+draft)
	visit("review-draft-flag", "/assignments/"+riskDraft)
	visit("review-withdrawn-flag", "/assignments/"+changedBack)
	visit("review-support-map", "/assignments/"+supportMap)
	visit("review-timeline", "/assignments/"+timeline)
	visit("worksheets", "/worksheets")
	visit("worksheet-preview", "/worksheets/weekly-connection-checkin")
	visit("worksheet-upload", "/worksheets/upload?from=self-reliance-checkin")
	visit("account", "/account")
	visit("admin", "/admin")
	visit("not-found", "/clients/nobody")

	// Forms with problems.
	visit("client-new", "/clients/new")
	pg.ClickAndWait(`form[action="/clients"] button[type=submit]`)
	prAxe(t, pg, "client-new-errors")
	prShot(t, pg, "client-new-errors")
	pg.Go(srv.URL + "/worksheets/upload?from=self-reliance-checkin")
	prEval(pg, `(() => { const ta = document.getElementById("yaml");
		ta.value = ta.value.replace("type: likert", "type: likret").replace("estimated_minutes: 5", "estimated_minutes: soon"); return "ok"; })()`)
	pg.ClickAndWait(`form[action="/worksheets/upload"] button[type=submit]`)
	prAxe(t, pg, "upload-errors")
	prShot(t, pg, "upload-errors")

	// Assign, and the link page.
	visit("assign", "/clients/"+sam+"/assign")
	pg.Do("choose", prClick(`label[for="ws-self-reliance-checkin"]`))
	// A due date years away is refused next to the field.
	prEval(pg, `(() => { document.getElementById("due_on").value = "9999-12-31"; return "ok"; })()`)
	pg.ClickAndWait(`form[action$="/assign"] button[type=submit]`)
	if !strings.Contains(pg.Text("#due_on-error"), "within two years") {
		t.Errorf("a due date in 9999 is not refused: %q", pg.Text("#due_on-error"))
	}
	prShot(t, pg, "assign-due-too-far")
	prEval(pg, `(() => { document.getElementById("due_on").value = ""; return "ok"; })()`)
	pg.ClickAndWait(`form[action$="/assign"] button[type=submit]`)
	prAxe(t, pg, "link")
	prShot(t, pg, "link")

	// The session summary form: a session marked held moves the period;
	// a missing date is explained next to the field.
	desk := prSignIn(t, srv, p, DesktopWidth, DesktopHeight)
	desk.Go(srv.URL + "/clients/" + sam)
	prShot(t, desk, "desktop-client")
	desk.ClickAndWait(`form[action$="/session"] button[type=submit]`)
	if !strings.Contains(desk.Text("#summary"), "Starts at the last session") {
		t.Errorf("after marking a session held, the summary form does not start there: %q", desk.Text("#summary"))
	}
	prAxe(t, desk, "client-session-held")
	prShot(t, desk, "desktop-client-session-held")
	prEval(desk, `(() => { document.getElementById("session_on").value = ""; return "ok"; })()`)
	desk.ClickAndWait(`form[action$="/session"] button[type=submit]`)
	if !strings.Contains(desk.Text("#summary"), "Enter the date the session was held.") {
		t.Errorf("an empty session date is not explained: %q", desk.Text("#summary"))
	}
	prAxe(t, desk, "client-session-error")
	prShot(t, desk, "desktop-client-session-error")

	// A high flag: "Mark reviewed" is refused until it is acknowledged with
	// a note; then the note shows with who and when.
	pg.Go(srv.URL + "/assignments/" + flagged)
	pg.ClickAndWait(`form[action$="/review"] button[type=submit]`)
	prAxe(t, pg, "review-blocked")
	prShot(t, pg, "review-blocked")
	fv, err := env.Store.AssignmentByID(ctx, p.ID, flagged)
	if err != nil {
		t.Fatal(err)
	}
	ack := `form[action$="/flags/` + fv.Flags[0].ID + `/acknowledge"] button[type=submit]`
	pg.ClickAndWait(ack)
	prAxe(t, pg, "review-ack-errors")
	prShot(t, pg, "review-ack-errors")
	pg.Type("#note-"+fv.Flags[0].ID, "Phoned Sam the same afternoon; went through the safety plan together.")
	pg.ClickAndWait(ack)
	prAxe(t, pg, "review-acknowledged")
	prShot(t, pg, "review-acknowledged")
	for name, path := range map[string]string{"desktop-today": "/", "desktop-review-acknowledged": "/assignments/" + flagged,
		"desktop-review-support-map": "/assignments/" + supportMap, "desktop-review-timeline": "/assignments/" + timeline,
		"desktop-review-draft-flag": "/assignments/" + riskDraft, "desktop-account": "/account"} {
		desk.Go(srv.URL + path)
		prShot(t, desk, name)
	}

	// The library and a prorated score on a wide screen (the client page with
	// its trends was shot above).
	for name, path := range map[string]string{"desktop-worksheets": "/worksheets", "desktop-review-scored": "/assignments/" + checkins[3]} {
		desk.Go(srv.URL + path)
		prAxe(t, desk, name)
		prShot(t, desk, name)
	}

	// The busiest pages on a phone.
	phone := prSignIn(t, srv, p, PhoneWidth, PhoneHeight)
	for name, path := range map[string]string{"phone-today": "/", "phone-client": "/clients/" + sam, "phone-review": "/assignments/" + flagged,
		"phone-review-draft-flag": "/assignments/" + riskDraft,
		"phone-worksheets":        "/worksheets", "phone-review-scored": "/assignments/" + checkins[3], "phone-account": "/account",
		"phone-review-support-map": "/assignments/" + supportMap, "phone-review-timeline": "/assignments/" + timeline} {
		phone.Go(srv.URL + path)
		prAxe(t, phone, name)
		prShot(t, phone, name)
	}
}
