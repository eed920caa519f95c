package main_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestKilledWithMailQueued: messages queued while the relay is down wait
// in the outbox; Tend killed with -9 meanwhile loses none of them; after
// the relay and Tend are back each is delivered exactly once — on
// PostgreSQL by two instances sharing the database.
func TestKilledWithMailQueued(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTend(t)
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			relay := testenv.NewSMTP(t)
			relay.Stop()
			env := testenv.New(t, db, testenv.WithSMTP(relay))
			p := env.NewPractitioner("Dr Quinn", false)
			const n = 6
			for i := range n {
				resp, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": "C", "email": fmt.Sprintf("c%d@example.org", i), "send_email": true})
				testenv.WantStatus(t, "client", resp, body, 201)
				cid := testenv.JSON(t, body)["id"].(string)
				resp, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{"worksheet_key": "support-map"})
				testenv.WantStatus(t, "assign", resp, body, 201)
			}
			cfg := env.Tend.Config
			tendEnv := []string{"TEND_DATABASE_URL=" + cfg.DatabaseURL, "TEND_ENCRYPTION_KEY=" + cfg.Keys, "TEND_BASE_URL=http://tend.test",
				"TEND_SMTP_URL=smtp://" + relay.Addr, "TEND_MAIL_FROM=tend@tend.test"}
			dir := t.TempDir()
			_, _, _, first := startCmd(t, bin, dir, tendEnv...)
			// Kill while every message waits between tries (queued, tried
			// at least once): a try cut off mid-way is "uncertain" by
			// design and never repeated (TestCrashAfterTheTryWasRecorded).
			waitOutbox(t, env, 30*time.Second, func(rows []models.MailMessage) bool {
				for _, r := range rows {
					if r.Attempts == 0 || r.Status != models.OutboxQueued {
						return false
					}
				}
				return true
			})
			first.Process.Kill() // kill -9
			first.Wait()
			relay.Start()
			instances := 1
			if db.Name == "postgres" {
				instances = 2
			}
			for range instances {
				_, _, stop, _ := startCmd(t, bin, dir, tendEnv...)
				defer stop()
			}
			relay.WaitMessages(n, 90*time.Second)
			time.Sleep(2 * time.Second)
			msgs := relay.Messages()
			seen := map[string]bool{}
			for _, m := range msgs {
				id := m.Header.Get("Message-Id")
				if seen[id] {
					t.Fatalf("sent twice: %s", id)
				}
				seen[id] = true
			}
			if len(msgs) != n {
				t.Fatalf("%d messages at the relay, want %d", len(msgs), n)
			}
			waitOutbox(t, env, 10*time.Second, func(rows []models.MailMessage) bool {
				for _, r := range rows {
					if r.Status != models.OutboxSent {
						return false
					}
				}
				return true
			})
			if log := relay.Log(); strings.Contains(log, "support-map") {
				t.Fatal("the relay saw the worksheet")
			}
		})
	}
}

// waitOutbox polls the outbox until ok holds for every row.
func waitOutbox(t *testing.T, env *testenv.Env, d time.Duration, ok func([]models.MailMessage) bool) {
	t.Helper()
	var rows []models.MailMessage
	for end := time.Now().Add(d); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
		var err error
		rows, _, err = env.Store.Outbox(context.Background(), "", models.Page{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		if len(rows) > 0 && ok(rows) {
			return
		}
	}
	t.Fatalf("outbox did not get there in %s: %+v", d, rows)
}
