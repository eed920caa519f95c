package mail_test

import (
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// TestFlagAlertThroughTheQueue: end to end through the started job queue,
// the practitioner's alert reaches the relay well within a minute of a
// draft "yes" being stored, and only once.
func TestFlagAlertThroughTheQueue(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		m.StartJobs()
		cid := m.client("Robin Canary", "lee@example.org")
		_, tok := m.assign(cid, "weekly-connection-checkin", "")
		m.relay.WaitMessages(1, time.Minute) // the invitation
		start := time.Now()
		m.draft(tok, 0, map[string]any{"harm_thoughts": true})
		msgs := m.relay.WaitMessages(2, time.Minute)
		took := time.Since(start)
		if msgs[1].Subject != "A response in Tend needs your attention" || msgs[1].To[0] != m.p.Email {
			t.Fatalf("second message:\n%s", msgs[1].Raw)
		}
		t.Logf("%s: flag alert at the relay %s after the draft was stored", db.Name, took.Round(time.Millisecond))
		time.Sleep(500 * time.Millisecond)
		if n := len(m.relay.Messages()); n != 2 {
			t.Fatalf("%d messages, want 2", n)
		}
	})
}
