package mail_test

import (
	"context"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// status is the outbox row of the only client message.
func (m *mailEnv) only() models.MailMessage {
	m.T.Helper()
	rows := m.outbox()
	if len(rows) != 1 {
		m.T.Fatalf("%d outbox rows, want 1", len(rows))
	}
	return rows[0]
}

// TestRelayDownThenBack: with the relay down, assigning still works and
// the invitation waits, with the reason for the admin; once the relay is
// back it is delivered exactly once.
func TestRelayDownThenBack(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		m.relay.Stop()
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "")
		for i := 0; i < 3; i++ {
			m.DeliverMail()
		}
		r := m.only()
		if r.Status != models.OutboxQueued || r.Attempts != 3 || !strings.Contains(r.LastError, "could not reach the relay") {
			t.Fatalf("while down: %+v", r)
		}
		m.relay.Start()
		m.DeliverMail()
		m.DeliverMail()
		if r := m.only(); r.Status != models.OutboxSent || len(m.relay.Messages()) != 1 {
			t.Fatalf("after the relay came back: %+v, %d at the relay", r, len(m.relay.Messages()))
		}
	})
}

// TestRelayRefusesUntilTheLastTry: a relay that keeps answering "try
// later" gets the message tried MaxAttempts times, then it is failed with
// the relay's words (and no address) for the admin.
func TestRelayRefusesUntilTheLastTry(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		m.relay.SetMode(testenv.SMTPTempFail)
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "")
		for i := 0; i < 14; i++ {
			m.DeliverMail()
		}
		r := m.only()
		if r.Status != models.OutboxFailed || r.Attempts != 12 || !strings.Contains(r.LastError, "451") || strings.Contains(r.LastError, "lee@") {
			t.Fatalf("after the last try: %+v", r)
		}
		if len(m.relay.Messages()) != 0 {
			t.Fatal("a refused message arrived")
		}
	})
}

// TestRelayTakesThenDrops: a relay that takes the message and drops the
// connection before saying so may have delivered it: it is marked
// uncertain and never sent again.
func TestRelayTakesThenDrops(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		m.relay.SetMode(testenv.SMTPDropAfter)
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "")
		m.DeliverMail()
		m.relay.SetMode(testenv.SMTPAccept)
		for i := 0; i < 3; i++ {
			m.DeliverMail()
		}
		if r := m.only(); r.Status != models.OutboxUnsure || len(m.relay.Messages()) != 1 {
			t.Fatalf("after a dropped connection: %+v, %d at the relay", r, len(m.relay.Messages()))
		}
	})
}

// TestCrashAfterTheTryWasRecorded: a try recorded and never finished (the
// process died while sending) is not sent again: the job's next run marks
// it uncertain for the admin.
func TestCrashAfterTheTryWasRecorded(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		m.assign(cid, "weekly-connection-checkin", "")
		id := m.only().ID
		if o, err := m.Store.BeginDelivery(context.Background(), id); err != nil || o == nil {
			t.Fatalf("begin: %v %v", o, err)
		}
		// ...the process dies here. The job runs again after the restart:
		if err := m.Tend.Mail.Deliver(context.Background(), id); err != nil {
			t.Fatal(err)
		}
		if r := m.only(); r.Status != models.OutboxUnsure || len(m.relay.Messages()) != 0 {
			t.Fatalf("after the crash: %+v, %d at the relay", r, len(m.relay.Messages()))
		}
	})
}
