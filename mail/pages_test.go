package mail_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestPagesSayEmailIsOff: without TEND_SMTP_URL Tend works as before, the
// client form, the account page and the outbox say plainly that email is
// off and how to turn it on, and nothing is queued.
func TestPagesSayEmailIsOff(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		env := testenv.New(t, db)
		admin := env.NewPractitioner("Ada Admin", true)
		web := admin.Web()
		for _, path := range []string{"/clients/new", "/account", "/admin/outbox"} {
			resp, body := web.Get(path)
			if resp.StatusCode != 200 || !strings.Contains(body, "Email is off on this server") || !strings.Contains(body, "TEND_SMTP_URL") {
				t.Fatalf("%s: %d, does not say email is off", path, resp.StatusCode)
			}
		}
		resp, body := admin.API("POST", "/api/v1/clients", map[string]any{"display_name": "Robin", "email": "lee@example.org", "send_email": true})
		testenv.WantStatus(t, "client", resp, body, 201)
		admin.AssignNew("support-map", "")
		resp, body = web.PostForm("/admin/outbox/test", url.Values{"to": {"ops@example.org"}})
		if resp.StatusCode != 422 || !strings.Contains(body, "Email is off on this server") {
			t.Fatalf("test email with email off: %d", resp.StatusCode)
		}
		if _, body := web.Get("/admin/outbox"); !strings.Contains(body, "No messages") {
			t.Fatal("something was queued with email off")
		}
	})
}

// TestEmailFieldsAndOutboxPage: a bad address is refused beside its field
// (page) and by name (API); the client form saves the choice to email;
// the account's reminder counts are checked; an admin's test email goes
// through the outbox and shows as sent, without the address; the outbox
// is for admins only.
func TestEmailFieldsAndOutboxPage(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		web := m.p.Web()
		resp, body := web.PostForm("/clients", url.Values{"display_name": {"Robin"}, "email": {"not an address"}, "send_email": {"true"}})
		if resp.StatusCode != 422 || !strings.Contains(body, `id="email-error"`) || !strings.Contains(body, `value="not an address"`) {
			t.Fatalf("bad address on the page: %d\n%s", resp.StatusCode, body)
		}
		resp, body = m.p.API("POST", "/api/v1/clients", map[string]any{"display_name": "Robin", "email": "nope@"})
		if resp.StatusCode != 422 || !strings.Contains(body, `"email"`) {
			t.Fatalf("bad address in the API: %d %s", resp.StatusCode, body)
		}
		resp, _ = web.PostForm("/clients", url.Values{"display_name": {"Robin"}, "email": {"Lee@Example.org"}, "send_email": {"true"}})
		testenv.WantStatus(t, "add client", resp, "", 303)
		cid := strings.TrimPrefix(resp.Header.Get("Location"), "/clients/")
		_, body = m.p.API("GET", "/api/v1/clients/"+cid, nil)
		if js := testenv.JSON(t, body); js["send_email"] != true || js["email"] != "l***@example.org" {
			t.Fatalf("saved from the page: %s", body)
		}
		if _, body := web.Get("/clients"); strings.Contains(body, "lee@example.org") || !strings.Contains(body, "l***@example.org") {
			t.Fatal("the client list does not mask the address")
		}
		resp, body = web.PostForm("/account/mail", url.Values{"remind_before": {"9"}, "remind_overdue": {"1"}})
		if resp.StatusCode != 422 || !strings.Contains(body, `id="remind_before-error"`) {
			t.Fatalf("9 reminders: %d", resp.StatusCode)
		}
		if resp, _ := web.PostForm("/account/mail", url.Values{"remind_before": {"2"}, "remind_overdue": {"0"}, "mail_digest": {"true"}}); resp.StatusCode != 303 {
			t.Fatalf("save settings: %d", resp.StatusCode)
		}
		if _, body := web.Get("/account"); !strings.Contains(body, `name="remind_before" type="number" min="0" max="5" value="2"`) {
			t.Fatal("settings not saved")
		}
		if resp, _ := web.Get("/admin/outbox"); resp.StatusCode == 200 {
			t.Fatal("a practitioner who is not an admin sees the outbox")
		}
		admin := m.NewPractitioner("Ada Admin", true).Web()
		if resp, _ := admin.PostForm("/admin/outbox/test", url.Values{"to": {"ops@example.org"}}); resp.StatusCode != 303 {
			t.Fatalf("test email: %d", resp.StatusCode)
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		if last := msgs[len(msgs)-1]; last.Subject != "A test email from Tend" || last.To[0] != "ops@example.org" {
			t.Fatalf("test email:\n%s", last.Raw)
		}
		_, body = admin.Get("/admin/outbox")
		if !strings.Contains(body, "Test email") || !strings.Contains(body, "Sent") ||
			strings.Contains(body, "ops@example.org") || strings.Contains(body, "lee@example.org") {
			t.Fatalf("outbox page:\n%s", body)
		}
	})
}
