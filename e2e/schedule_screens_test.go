package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestSchedulePagesTour sets up a schedule through the editor in a real
// browser at phone width (a problem beside its field first), starts a
// course, releases what is due, and looks at the editor, the client page's
// schedules and courses, the course's progress and Today at 375 and 1280
// pixels: axe-core must find nothing serious and no page may scroll
// sideways. With TEND_SCREENSHOT_DIR set the pages are saved as
// practitioner-schedule-*.png.
func TestSchedulePagesTour(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"})
	env := srv.Env
	ctx := context.Background()
	p := env.NewPractitioner("Dr Ada Lind", false)
	if err := env.Store.SetTimeZone(ctx, p.ID, "Europe/London"); err != nil {
		t.Fatal(err)
	}
	name := "Sam K."
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	look := func(pg Page, shot string) {
		t.Helper()
		prAxe(t, pg, shot)
		pg.NoSideways(shot)
		prShot(t, pg, shot)
	}

	phone := prSignIn(t, srv, p, PhoneWidth, PhoneHeight)
	phone.Go(srv.URL + "/clients/" + c.ID + "/schedules/new")
	look(phone, "schedule-editor-375")
	phone.Do("choose", prClick(`label[for="ws-self-reliance-checkin"]`), prClick(`label[for="ws-weekly-connection-checkin"]`))
	prEval(phone, `(() => { document.getElementById("count").value = "600"; return "ok"; })()`)
	phone.ClickAndWait(`form[action$="/schedules"] button[type=submit]`)
	if got := phone.Text("#count-error"); !strings.Contains(got, "between 1 and 520") {
		t.Fatalf("a count of 600 is not refused beside the field: %q", got)
	}
	look(phone, "schedule-editor-errors-375")
	prEval(phone, `(() => { document.getElementById("count").value = "12"; return "ok"; })()`)
	phone.ClickAndWait(`form[action$="/schedules"] button[type=submit]`)
	if loc := phone.Location(); !strings.HasSuffix(loc, "/clients/"+c.ID+"#schedules") {
		t.Fatalf("after saving: %s", loc)
	}
	if got := phone.Text("#schedules"); !strings.Contains(got, "Every Monday at 08:00") || !strings.Contains(got, "Next: Mon 2 Nov 2026") {
		t.Fatalf("the client page's schedules: %q", got)
	}

	phone.Go(srv.URL + "/clients/" + c.ID + "/courses/new")
	phone.Do("choose", prClick(`label[for="c-doing-it-all-alone"]`))
	phone.ClickAndWait(`form[action$="/courses"] button[type=submit]`)
	look(phone, "schedule-course-progress-375")

	// 08:00 London has passed on the clock's Monday: release what is due.
	if _, err := env.Store.ReleaseDue(ctx, env.Clock.Now()); err != nil {
		t.Fatal(err)
	}
	env.Clock.Advance(time.Minute)
	phone.Go(srv.URL + "/clients/" + c.ID)
	look(phone, "schedule-client-375")
	phone.Go(srv.URL + "/")
	look(phone, "schedule-today-375")

	desk := prSignIn(t, srv, p, DesktopWidth, DesktopHeight)
	for shot, path := range map[string]string{"schedule-client-1280": "/clients/" + c.ID, "schedule-editor-1280": "/clients/" + c.ID + "/schedules/new",
		"schedule-today-1280": "/", "schedule-courses-1280": "/courses", "schedule-enrol-1280": "/clients/" + c.ID + "/courses/new"} {
		desk.Go(srv.URL + path)
		look(desk, shot)
	}
	ss, _ := env.Store.Schedules(ctx, p.ID, c.ID)
	desk.Go(srv.URL + "/schedules/" + ss[0].ID + "/edit")
	look(desk, "schedule-edit-1280")
	es, _ := env.Store.Enrolments(ctx, p.ID, c.ID)
	desk.Go(srv.URL + "/enrolments/" + es[0].ID)
	look(desk, "schedule-course-progress-1280")
	if got := desk.Text("main"); !strings.Contains(got, "Sent Mon 2 Nov 2026") || !strings.Contains(got, "7 days after “Small steps: the plan” is sent back") {
		t.Errorf("progress: %q", got)
	}
}
