package mail_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestRemindersFollowTheClock: with the default settings (1 + 1) a client
// gets one reminder the day before the due date and one once it is
// overdue, computed again and again without repeats; a submitted
// assignment gets none; a reissued link is the one reminders carry.
func TestRemindersFollowTheClock(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		cid := m.client("Robin Canary", "lee@example.org")
		aid, _ := m.assign(cid, "weekly-connection-checkin", "2026-11-09")
		done, doneTok := m.assign(cid, "support-map", "2026-11-09")
		m.DeliverMail()
		m.draft(doneTok, 0, map[string]any{})
		resp, body := m.API(doneTok, "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{}})
		if resp.StatusCode != 200 {
			t.Logf("submit (answers may be required): %d %s", resp.StatusCode, body)
			if err := m.Store.CancelAssignment(ctx, m.p.ID, done); err != nil {
				t.Fatal(err)
			}
		}
		resp, body = m.p.API("POST", "/api/v1/assignments/"+aid+"/link", nil)
		if resp.StatusCode != 200 && resp.StatusCode != 201 {
			t.Fatalf("reissue: %d %s", resp.StatusCode, body)
		}
		link := testenv.JSON(t, body)["link"].(string)
		queue := func() int {
			n, err := m.Store.QueueReminders(ctx, m.Clock.Now())
			if err != nil {
				t.Fatal(err)
			}
			return n
		}
		steps := []struct {
			at   string
			want int
		}{
			{"2026-11-05T09:00:00Z", 0}, // too early
			{"2026-11-08T07:00:00Z", 1}, // the day before
			{"2026-11-08T19:00:00Z", 0}, // already sent
			{"2026-11-09T19:00:00Z", 0}, // the due day itself
			{"2026-11-10T06:00:00Z", 1}, // overdue
			{"2026-11-12T06:00:00Z", 0},
			{"2026-11-20T06:00:00Z", 0}, // at most one overdue reminder
		}
		for _, s := range steps {
			at, _ := time.Parse(time.RFC3339, s.at)
			m.Clock.Advance(at.Sub(m.Clock.Now()))
			if got := queue(); got != s.want {
				t.Fatalf("at %s: %d reminders queued, want %d", s.at, got, s.want)
			}
			if again := queue(); again != 0 {
				t.Fatalf("at %s: computing again queued %d more", s.at, again)
			}
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		if len(msgs) != 4 { // two invitations, two reminders
			t.Fatalf("relay got %d messages, want 4", len(msgs))
		}
		for _, msg := range msgs[2:] {
			if msg.Subject != "A gentle reminder" || !strings.Contains(msg.Text, link) || msg.Header.Get("List-Unsubscribe") == "" {
				t.Fatalf("reminder:\n%s", msg.Raw)
			}
		}
		if !strings.Contains(msgs[3].Text, "The date for it has passed") {
			t.Fatalf("overdue reminder:\n%s", msgs[3].Text)
		}
		for _, r := range m.outbox() {
			if r.AssignmentID == done && r.Kind != models.MailInvitation {
				t.Fatalf("a reminder for a finished assignment: %+v", r)
			}
		}
	})
}

// TestReminderSettings: a practitioner may ask for none, or for more (up
// to 5 each); anything else is refused naming the field.
func TestReminderSettings(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 6, RemindOverdue: -1})
		var ve *models.ValidationError
		if !asValidation(err, &ve) || len(ve.Problems) != 2 || ve.Problems[0].Field != "remind_before" {
			t.Fatalf("bad counts: %v", err)
		}
		if err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 0, RemindOverdue: 0}); err != nil {
			t.Fatal(err)
		}
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "2026-11-09")
		for _, at := range []string{"2026-11-08T07:00:00Z", "2026-11-10T07:00:00Z"} {
			tm, _ := time.Parse(time.RFC3339, at)
			m.Clock.Advance(tm.Sub(m.Clock.Now()))
			if n, err := m.Store.QueueReminders(ctx, m.Clock.Now()); err != nil || n != 0 {
				t.Fatalf("at %s with reminders off: %d %v", at, n, err)
			}
		}
	})
}

// TestRemindersFollowThePractitionersDays: "the day before" is the
// practitioner's day: in New York (UTC−5 in November) the reminder for a
// worksheet due on 9 November starts at midnight there, 05:00 UTC on the
// 8th, not at midnight UTC.
func TestRemindersFollowThePractitionersDays(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		if err := m.Store.SetTimeZone(ctx, m.p.ID, "America/New_York"); err != nil {
			t.Fatal(err)
		}
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "2026-11-09")
		for _, s := range []struct {
			at   string
			want int
		}{
			{"2026-11-08T04:30:00Z", 0}, // 23:30 on the 7th in New York
			{"2026-11-08T05:30:00Z", 1}, // 00:30 on the 8th there
			{"2026-11-10T04:30:00Z", 0}, // still the due day there
			{"2026-11-10T05:30:00Z", 1}, // the day after, there
		} {
			at, _ := time.Parse(time.RFC3339, s.at)
			m.Clock.Advance(at.Sub(m.Clock.Now()))
			if n, err := m.Store.QueueReminders(ctx, m.Clock.Now()); err != nil || n != s.want {
				t.Fatalf("at %s: %d reminders queued (%v), want %d", s.at, n, err, s.want)
			}
		}
	})
}
