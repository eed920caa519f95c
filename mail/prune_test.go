package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestOutboxForgetsFinishedMail: housekeeping removes sent messages once
// nobody needs them: the practitioner's digest after 30 days; a client's
// invitation only after a year, because the unsubscribe link in the email
// the client holds works exactly as long as its row is kept.
func TestOutboxForgetsFinishedMail(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		if err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 0, RemindOverdue: 0, MailDigest: true}); err != nil {
			t.Fatal(err)
		}
		cid := m.client("Robin Canary", "lee@example.org")
		_, tok := m.assign(cid, "weekly-connection-checkin", "")
		m.DeliverMail()
		resp, body := m.API(tok, "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
			"stress": 3.0, "loneliness": 2.0, "asked_help": false, "harm_thoughts": false}})
		testenv.WantStatus(t, "submit", resp, body, 200)
		m.Clock.Advance(24 * time.Hour)
		if n, err := m.Store.QueueDigests(ctx, m.Clock.Now()); err != nil || n != 1 {
			t.Fatalf("digest: %d %v", n, err)
		}
		m.DeliverMail()
		if got := len(m.outbox()); got != 2 {
			t.Fatalf("%d outbox rows, want the invitation and the digest", got)
		}
		unsub := ""
		for _, msg := range m.relay.Messages() {
			if h := msg.Header.Get("List-Unsubscribe"); h != "" {
				unsub = strings.Trim(h, "<>")
			}
		}
		if unsub == "" {
			t.Fatal("the invitation has no unsubscribe link")
		}
		housekeep := func() {
			t.Helper()
			if err := m.Store.Housekeep(ctx, time.Hour, 24*time.Hour, time.Hour); err != nil {
				t.Fatal(err)
			}
		}
		m.Clock.Advance(29 * 24 * time.Hour)
		housekeep()
		if got := len(m.outbox()); got != 2 {
			t.Fatalf("after 29 days: %d outbox rows, want 2", got)
		}
		m.Clock.Advance(2 * 24 * time.Hour)
		housekeep()
		rows := m.outbox()
		if len(rows) != 1 || rows[0].Kind != models.MailInvitation {
			t.Fatalf("after 31 days: %+v, want only the invitation", rows)
		}
		if code, body := m.post(unsub, "List-Unsubscribe=One-Click"); code != 200 || !strings.Contains(body, "will not email you again") {
			t.Fatalf("unsubscribe from a month-old email: %d %s", code, body)
		}
		m.Clock.Advance(335 * 24 * time.Hour)
		housekeep()
		if got := len(m.outbox()); got != 0 {
			t.Fatalf("after a year: %d outbox rows, want none", got)
		}
		if code, _ := m.post(unsub, "List-Unsubscribe=One-Click"); code != 404 {
			t.Fatalf("unsubscribe from a year-old email: %d, want the friendly 404", code)
		}
	})
}
