package e2e

import (
	"context"
	"strings"
	"testing"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestFirstDayPagesTour visits the first-day pages at phone (375 px) and
// desktop (1280 px) width: the sign-in page before any account exists, the
// admin page with "Set a new password" open, the forced "choose a new
// password" page, and the link page when TEND_BASE_URL is localhost (the
// link shown once, then the reload without it). axe-core must find no
// serious or critical violation; with TEND_SCREENSHOT_DIR set each is
// saved as practitioner-firstday-<name>-<width>.png.
func TestFirstDayPagesTour(t *testing.T) {
	NeedBrowser(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"}, func(c *config.Config) { c.BaseURL = "http://localhost:8080" })
	env := srv.Env
	ctx := context.Background()
	widths := []struct {
		name string
		w, h int64
	}{{"375", PhoneWidth, PhoneHeight}, {"1280", 1280, 800}}
	look := func(pg Page, name, width string) {
		t.Helper()
		prAxe(t, pg, name)
		prShot(t, pg, "firstday-"+name+"-"+width)
	}
	for _, v := range widths {
		pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: v.w, Height: v.h})}
		pg.Go(srv.URL + "/login")
		if got := pg.Text("main"); !strings.Contains(got, "No account exists yet") {
			t.Fatalf("login page without the setup hint: %s", got)
		}
		look(pg, "login-no-account", v.name)
	}

	admin := env.NewPractitioner("Dr Ada Lind", true)
	ben := env.NewPractitioner("Ben Okafor", false)
	env.NewPractitioner("Chloé Martin", false)
	name := "Sam K."
	cl, err := env.Store.CreateClient(ctx, admin.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range widths {
		pg := prSignIn(t, srv, admin, v.w, v.h)
		pg.Go(srv.URL + "/admin")
		pg.Do("open reset", prClick(`details.reset-pw summary`))
		look(pg, "admin-reset", v.name)

		pg.Go(srv.URL + "/clients/" + cl.ID + "/assign")
		pg.Do("choose", prClick(`label[for="ws-self-reliance-checkin"]`))
		pg.ClickAndWait(`form[action$="/assign"] button[type=submit]`)
		if got := pg.Text("main"); !strings.Contains(got, "This link only works on this computer") || !strings.Contains(got, "Copy or show this link now") {
			t.Fatalf("link page: %s", got)
		}
		look(pg, "link-local", v.name)
		pg.Go(pg.Location())
		if got := pg.Text("main"); !strings.Contains(got, "already shown once") || strings.Contains(got, "Copy or show this link now") {
			t.Fatalf("link page reloaded: %s", got)
		}
		look(pg, "link-reloaded", v.name)
	}

	const temp = "temporary horse 42"
	for _, v := range widths {
		if err := env.Store.SetPassword(ctx, ben.ID, temp, true); err != nil {
			t.Fatal(err)
		}
		pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: v.w, Height: v.h})}
		pg.Go(srv.URL + "/login")
		pg.Type("#email", ben.Email)
		pg.Type("#password", temp)
		pg.ClickAndWait(`form[action="/login"] button[type=submit]`)
		if loc := pg.Location(); loc != srv.URL+"/account/choose-password" {
			t.Fatalf("after signing in with a temporary password: %s", loc)
		}
		look(pg, "choose-password", v.name)
		pg.ClickAndWait(`form[action="/account/choose-password"] button[type=submit]`)
		look(pg, "choose-password-errors", v.name)
	}
}
