package mail_test

import (
	"context"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestCanaryNoHealthInformationLeaves: through an invitation, a reminder,
// an overdue reminder, a flag alert, the webhook and a digest, no client
// name, worksheet title, instruction, answer, score or flag text appears
// in any message, in the relay's whole conversation, in the webhook's
// body, in the outbox the admin sees, or in Tend's log.
func TestCanaryNoHealthInformationLeaves(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m, hook := newHookedEnv(t, db)
		ctx := context.Background()
		if err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 1, RemindOverdue: 1, MailDigest: true}); err != nil {
			t.Fatal(err)
		}
		cid := m.client("Robin Zebracanary", "lee@example.org") // the address itself must reach the relay
		resp, body := m.p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{
			"worksheet_key": "weekly-connection-checkin", "due_on": "2026-11-04", "instructions": "Instruction-canary-77"})
		testenv.WantStatus(t, "assign", resp, body, 201)
		link := testenv.JSON(t, body)["link"].(string)
		tok := link[strings.LastIndex(link, "/")+1:]
		m.Clock.Advance(47 * time.Hour) // the day before the due date
		m.Store.QueueReminders(ctx, m.Clock.Now())
		m.Clock.Advance(48 * time.Hour) // overdue
		m.Store.QueueReminders(ctx, m.Clock.Now())
		m.DeliverMail()
		answers := map[string]any{"stress": 9.0, "loneliness": 9.0, "asked_help": true,
			"asked_help_story": "Answer-canary-story-55", "harm_thoughts": true}
		m.draft(tok, 0, answers)
		resp, body = m.API(tok, "POST", "/api/v1/fill/submit", map[string]any{"answers": answers})
		testenv.WantStatus(t, "submit", resp, body, 200)
		m.Clock.Advance(24 * time.Hour)
		m.Store.QueueDigests(ctx, m.Clock.Now())
		m.DeliverMail()
		kinds := map[string]bool{}
		for _, r := range m.outbox() {
			kinds[r.Kind] = true
			if r.Status != models.OutboxSent {
				t.Fatalf("not sent: %+v", r)
			}
		}
		for _, k := range []string{models.MailInvitation, models.MailReminder, models.MailOverdue, models.MailFlagAlert, models.MailDigest, models.MailWebhook} {
			if !kinds[k] {
				t.Fatalf("no %s went out (%v)", k, kinds)
			}
		}
		everything := m.relay.Log() + m.LogText()
		for _, msg := range m.relay.Messages() {
			everything += msg.Raw + msg.Text + msg.HTML
			if os.Getenv("TEND_PRINT_MAIL") != "" && db.Name == "sqlite" {
				t.Logf("Subject: %s\n\n%s", msg.Subject, msg.Text) // to read the wording
			}
		}
		for _, c := range hook.wait(t, 1) {
			everything += string(c.body)
		}
		_, page := m.NewPractitioner("Ada Admin", true).Web().Get("/admin/outbox")
		everything += page
		for _, canary := range []string{"Robin", "Zebracanary", "zebracanary", "Weekly connection", "weekly-connection", "Instruction-canary",
			"Answer-canary", "Stress this week", "Loneliness this week", "self-harm", "better off dead", "lonely_high", "safety"} {
			if strings.Contains(everything, canary) {
				i := strings.Index(everything, canary)
				t.Fatalf("%q left Tend: …%s…", canary, everything[max(0, i-200):min(len(everything), i+100)])
			}
		}
	})
}
