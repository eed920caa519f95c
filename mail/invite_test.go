package mail_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestInvitationArrives: assigning a worksheet to a client Tend may email
// queues an invitation in the same step; it reaches the relay as plain
// text and HTML with the client's working link, a one-click unsubscribe,
// a neutral subject and nothing about the client or the worksheet; the
// link and address are never stored in plain text; sent, its body is gone
// and it is never sent again.
func TestInvitationArrives(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		resp, body := m.p.API("GET", "/api/v1/clients/"+cid, nil)
		got := testenv.JSON(t, body)
		if resp.StatusCode != 200 || got["email"] != "l***@example.org" || got["send_email"] != true || got["unsubscribed_at"] != nil {
			t.Fatalf("client JSON: %s", body)
		}
		aid, tok := m.assign(cid, "weekly-connection-checkin", "2026-11-09")
		if rows := m.outbox(); len(rows) != 1 || rows[0].Kind != models.MailInvitation || rows[0].Status != models.OutboxQueued {
			t.Fatalf("outbox after assigning: %+v", rows)
		}
		if m.SQLitePath != "" {
			raw, _ := os.ReadFile(m.SQLitePath)
			wal, _ := os.ReadFile(m.SQLitePath + "-wal")
			for _, secret := range []string{tok, "lee@example.org"} {
				if strings.Contains(string(raw)+string(wal), secret) {
					t.Fatalf("%q is stored in plain text", secret)
				}
			}
		}
		if n := m.DeliverMail(); n != 1 {
			t.Fatalf("delivered %d", n)
		}
		msgs := m.relay.Messages()
		if len(msgs) != 1 {
			t.Fatalf("relay got %d messages", len(msgs))
		}
		msg := msgs[0]
		link := "http://tend.test/w/" + tok
		if msg.Subject != "A new worksheet is ready" || len(msg.To) != 1 || msg.To[0] != "lee@example.org" ||
			!strings.Contains(msg.Text, link) || !strings.Contains(msg.HTML, `href="`+link+`"`) {
			t.Fatalf("invitation:\nsubject %q to %v\n%s\n%s", msg.Subject, msg.To, msg.Text, msg.HTML)
		}
		unsub := msg.Header.Get("List-Unsubscribe")
		if !strings.HasPrefix(unsub, "<http://tend.test/u/") || msg.Header.Get("List-Unsubscribe-Post") != "List-Unsubscribe=One-Click" ||
			!strings.Contains(msg.Text, strings.Trim(unsub, "<>")) {
			t.Fatalf("unsubscribe headers: %q / %q\n%s", unsub, msg.Header.Get("List-Unsubscribe-Post"), msg.Text)
		}
		row := m.outbox()[0]
		if want := "<" + row.ID + "@tend.test>"; msg.Header.Get("Message-Id") != want {
			t.Fatalf("Message-ID %q, want %q", msg.Header.Get("Message-Id"), want)
		}
		for _, never := range []string{"Robin", "Canary", "Weekly connection", "Dr Quinn", "Only if it feels right"} {
			if strings.Contains(msg.Raw, never) {
				t.Fatalf("the invitation names %q:\n%s", never, msg.Raw)
			}
		}
		full, err := m.Store.DB().Model(&models.MailMessage{}).Where("id = ?", row.ID).Select("payload_enc").Rows()
		if err != nil {
			t.Fatal(err)
		}
		var payload string
		for full.Next() {
			full.Scan(&payload)
		}
		full.Close()
		if row.Status != models.OutboxSent || row.SentAt == nil || row.Attempts != 1 || payload != "" {
			t.Fatalf("after sending: %+v payload %q", row, payload)
		}
		// The link in the email opens the worksheet.
		if resp, body := m.Do(httpGet(link)); resp.StatusCode != 303 {
			t.Fatalf("the emailed link: %d %s", resp.StatusCode, body)
		}
		if n := m.DeliverMail(); n != 0 || len(m.relay.Messages()) != 1 {
			t.Fatalf("sent again: %d queued, %d at the relay", n, len(m.relay.Messages()))
		}
		_ = aid
		if db.Name == "sqlite" && os.Getenv("TEND_PRINT_MAIL") != "" {
			t.Logf("%s", msg.Raw)
		}
	})
}

// TestUnsubscribeOneClick: a mail program's one-click POST (no session,
// no CSRF token) records the unsubscribe; the practitioner sees it in the
// client JSON and on the client page; Tend then queues nothing more for
// that client; an unknown token is a 404.
func TestUnsubscribeOneClick(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "")
		m.DeliverMail()
		unsub := strings.Trim(m.relay.Messages()[0].Header.Get("List-Unsubscribe"), "<>")
		resp, body := m.Do(httpGet(unsub))
		if resp.StatusCode != 200 || !strings.Contains(body, "Stop emails") {
			t.Fatalf("unsubscribe page: %d %s", resp.StatusCode, body)
		}
		if _, body := m.p.API("GET", "/api/v1/clients/"+cid, nil); testenv.JSON(t, body)["unsubscribed_at"] != nil {
			t.Fatal("opening the page (a mail scanner does) unsubscribed")
		}
		if code, body := m.post(unsub, "List-Unsubscribe=One-Click"); code != 200 || !strings.Contains(body, "will not email you again") {
			t.Fatalf("one-click: %d %s", code, body)
		}
		if code, _ := m.post(unsub, "List-Unsubscribe=One-Click"); code != 200 {
			t.Fatalf("a second one-click: %d", code)
		}
		if code, _ := m.post("/u/not-a-token", ""); code != 404 {
			t.Fatalf("unknown token: %d", code)
		}
		_, body = m.p.API("GET", "/api/v1/clients/"+cid, nil)
		if testenv.JSON(t, body)["unsubscribed_at"] == nil {
			t.Fatalf("not recorded: %s", body)
		}
		if _, page := m.p.Web().Get("/clients/" + cid); !strings.Contains(page, "asked for no more emails") {
			t.Fatal("the client page does not show the unsubscribe")
		}
		before := len(m.outbox())
		m.assign(cid, "support-map", "")
		if len(m.outbox()) != before {
			t.Fatal("a message was queued for a client who unsubscribed")
		}
	})
}

// TestSeveralWorksheetsOneInvitation: worksheets given together make one
// invitation listing each worksheet's own link, in order, not one email each.
func TestSeveralWorksheetsOneInvitation(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		resp, body := m.p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{
			"worksheet_keys": []string{"support-map", "weekly-connection-checkin", "relational-timeline"}})
		testenv.WantStatus(t, "assign three", resp, body, 201)
		m.DeliverMail()
		msgs := m.relay.Messages()
		if len(msgs) != 1 {
			t.Fatalf("%d emails for three worksheets given together", len(msgs))
		}
		at := -1
		for i, d := range testenv.JSON(t, body)["data"].([]any) {
			link := d.(map[string]any)["link"].(string)
			next := strings.Index(msgs[0].Text, link)
			if next <= at || !strings.Contains(msgs[0].HTML, fmt.Sprintf(`%s" style="color:#1d5c63">Open worksheet %d<`, link, i+1)) {
				t.Fatalf("link %d missing or out of order:\n%s", i+1, msgs[0].Text)
			}
			at = next
		}
		if !strings.Contains(msgs[0].Text, "has shared 3 worksheets with you") {
			t.Fatalf("wording:\n%s", msgs[0].Text)
		}
	})
}

// TestPractitionerNameOnlyWhenAllowed: client emails say "your
// practitioner" unless the practitioner lets them show their name.
func TestPractitionerNameOnlyWhenAllowed(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "support-map", "")
		m.DeliverMail()
		if err := m.Store.UpdateMailSettings(context.Background(), m.p.ID, models.MailSettings{MailShowName: true, RemindBefore: 1, RemindOverdue: 1}); err != nil {
			t.Fatal(err)
		}
		m.assign(cid, "weekly-connection-checkin", "")
		m.DeliverMail()
		msgs := m.relay.Messages()
		if len(msgs) != 2 || strings.Contains(msgs[0].Raw, "Dr Quinn") || !strings.Contains(msgs[0].Text, "Your practitioner has shared") ||
			!strings.Contains(msgs[1].Text, "Dr Quinn has shared") || !strings.Contains(msgs[1].Header.Get("From"), "Dr Quinn via Tend") ||
			!strings.Contains(msgs[1].Header.Get("From"), "<tend@tend.test>") {
			t.Fatalf("names: %d messages\n%s", len(msgs), msgs[len(msgs)-1].Raw)
		}
	})
}

// TestScheduleReleaseInvites: a schedule's release invites the client
// once with the links of the worksheets it released; running the release
// again queues nothing more.
func TestScheduleReleaseInvites(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		cid := m.client("Robin Canary", "lee@example.org")
		start, _ := time.Parse(time.DateOnly, "2026-11-09")
		if _, err := m.Store.CreateSchedule(ctx, m.p.ID, cid, models.ScheduleInput{WorksheetKeys: []string{"support-map", "weekly-connection-checkin"},
			Every: models.EveryWeek, Weekday: 1, StartOn: &start, Count: 2, DueAfterDays: 3}); err != nil {
			t.Fatal(err)
		}
		m.Clock.Advance(start.Add(12 * time.Hour).Sub(m.Clock.Now()))
		for range 2 {
			if _, err := m.Store.ReleaseDue(ctx, m.Clock.Now()); err != nil {
				t.Fatal(err)
			}
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		if len(msgs) != 1 || !strings.Contains(msgs[0].Text, "has shared 2 worksheets with you") || strings.Count(msgs[0].Text, "http://tend.test/w/") != 2 {
			t.Fatalf("%d emails after the release:\n%v", len(msgs), msgs)
		}
	})
}
