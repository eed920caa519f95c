package e2e

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestMailPages: the pages email adds — the client form's email choice,
// the account's email settings, the admin's outbox (with a failed and an
// uncertain message), and the client's unsubscribe page and its answer,
// at phone and desktop width, with no JavaScript for the client: axe-core
// finds nothing serious, nothing scrolls sideways, and the one-click
// button works without a script. With TEND_SCREENSHOT_DIR set each page
// is saved as mail-<page>-<width>.png.
func TestMailPages(t *testing.T) {
	NeedBrowser(t)
	relay := testenv.NewSMTP(t)
	srv := NewServer(t, testenv.DB{Name: "sqlite"}, testenv.WithSMTP(relay))
	env := srv.Env
	ctx := context.Background()
	p := env.NewPractitioner("Dr Ada Lind", true)
	name, email, yes := "Sam K.", "sam@example.org", true
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name, Email: &email, SendEmail: &yes})
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"support-map", "weekly-connection-checkin"} {
		if _, _, err := env.Store.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: key}, models.LinkPolicy{TTL: 1 << 62}); err != nil {
			t.Fatal(err)
		}
	}
	relay.SetMode(testenv.SMTPTempFail)
	env.DeliverMail()
	relay.SetMode(testenv.SMTPDropAfter)
	env.DeliverMail()
	relay.SetMode(testenv.SMTPAccept)
	if err := env.Store.QueueTestMail(ctx, p.ID, "ops@example.org"); err != nil {
		t.Fatal(err)
	}
	env.DeliverMail()
	unsub := strings.Trim(relay.Messages()[len(relay.Messages())-2].Header.Get("List-Unsubscribe"), "<>")
	dir := os.Getenv("TEND_SCREENSHOT_DIR")
	shot := func(pg Page, name string) {
		t.Helper()
		pg.CheckAxe(name)
		if dir == "" {
			return
		}
		os.MkdirAll(dir, 0o755)
		if err := os.WriteFile(filepath.Join(dir, "mail-"+name+".png"), pg.Screenshot(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, w := range []struct {
		name string
		w, h int64
	}{{"375", PhoneWidth, PhoneHeight}, {"1280", DesktopWidth, DesktopHeight}} {
		pg := prSignIn(t, srv, p, w.w, w.h)
		for _, v := range []struct{ page, path string }{
			{"client-edit", "/clients/" + c.ID + "/edit"}, {"account", "/account"}, {"outbox", "/admin/outbox"}} {
			pg.Go(srv.URL + v.path)
			shot(pg, v.page+"-"+w.name)
		}
		client := Page{T: t, Ctx: NewTab(t, TabOptions{Width: w.w, Height: w.h})}
		client.Go(srv.Local(unsub))
		shot(client, "unsubscribe-"+w.name)
	}
	// The button works without JavaScript.
	nojs := Page{T: t, Ctx: NewTab(t, TabOptions{Width: PhoneWidth, Height: PhoneHeight, NoScript: true})}
	nojs.Go(srv.Local(unsub))
	nojs.ClickAndWait(`form button[type=submit]`)
	if !strings.Contains(nojs.Text("h1"), "You will not get more emails") {
		t.Fatalf("after the button: %q", nojs.Text("h1"))
	}
	if dir != "" {
		os.WriteFile(filepath.Join(dir, "mail-unsubscribed-375.png"), nojs.Screenshot(), 0o644)
	}
}
