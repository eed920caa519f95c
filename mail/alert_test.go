package mail_test

import (
	"context"
	"crypto/hmac"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/mail"
	"github.com/tend-health/tend/models"
)

// TestFlagAlertAfterDraftYes: a draft "yes" to the safety question queues,
// in the save's own transaction, one alert to the practitioner saying only
// that a response needs attention, with a link to the flag; and one signed
// webhook POST. Saving the same answer again queues nothing more.
func TestFlagAlertAfterDraftYes(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m, hook := newHookedEnv(t, db)
		cid := m.client("Robin Canary", "lee@example.org")
		aid, tok := m.assign(cid, "weekly-connection-checkin", "")
		m.DeliverMail() // the invitation
		m.draft(tok, 0, map[string]any{"stress": 4.0, "harm_thoughts": true})
		m.draft(tok, 1, map[string]any{"stress": 5.0, "harm_thoughts": true})
		var flagID string
		for _, r := range m.outbox() {
			if r.Kind == models.MailFlagAlert {
				if flagID != "" {
					t.Fatal("two alerts for one flag")
				}
				flagID = strings.TrimPrefix(r.DedupeKey, "flag:")
			}
		}
		if flagID == "" {
			t.Fatal("no alert queued by the draft")
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		alert := msgs[len(msgs)-1]
		link := "http://tend.test" + models.FlagPath(aid, flagID)
		if alert.Subject != "A response in Tend needs your attention" || alert.To[0] != m.p.Email ||
			!strings.Contains(alert.Text, link) || alert.Header.Get("List-Unsubscribe") != "" {
			t.Fatalf("alert:\n%s", alert.Raw)
		}
		for _, never := range []string{"self-harm", "Robin", "Weekly connection", "safety"} {
			if strings.Contains(alert.Raw, never) {
				t.Fatalf("the alert says %q", never)
			}
		}
		got := hook.wait(t, 1)
		if got[0].alert != (mail.WebhookAlert{Type: "flag", Severity: "high", FlagURL: link}) {
			t.Fatalf("webhook body: %+v", got[0].alert)
		}
		if !hmac.Equal([]byte(got[0].sig), []byte(mail.Sign(hookSecret, got[0].body))) {
			t.Fatalf("webhook signature %q does not verify", got[0].sig)
		}
	})
}

// TestDigestCountsOnly: a practitioner who asked for the daily digest gets
// one a day, counting yesterday's submissions and nothing else.
func TestDigestCountsOnly(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		if err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 1, RemindOverdue: 1, MailDigest: true}); err != nil {
			t.Fatal(err)
		}
		a := m.p.AssignNew("weekly-connection-checkin", "")
		resp, body := m.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
			"stress": 3.0, "loneliness": 2.0, "asked_help": false, "harm_thoughts": false}})
		testenv.WantStatus(t, "submit", resp, body, 200)
		m.Clock.Advance(24 * time.Hour)
		for i := 0; i < 2; i++ {
			if n, err := m.Store.QueueDigests(ctx, m.Clock.Now()); err != nil || n != 1-i {
				t.Fatalf("digest run %d: %d %v", i, n, err)
			}
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		d := msgs[len(msgs)-1]
		if d.Subject != "Your Tend summary" || d.To[0] != m.p.Email || !strings.Contains(d.Text, "Yesterday your clients sent back 1 worksheet in Tend.") {
			t.Fatalf("digest:\n%s", d.Raw)
		}
		m.Clock.Advance(24 * time.Hour)
		if n, _ := m.Store.QueueDigests(ctx, m.Clock.Now()); n != 0 {
			t.Fatal("a digest for a day with no submissions")
		}
	})
}

const hookSecret = "a-shared-secret-of-some-length"

// newHookedEnv is a mail env whose alert webhook posts to a test server.
func newHookedEnv(t *testing.T, db testenv.DB) (*mailEnv, *hookServer) {
	hook := newHook(t)
	m := newMailEnv(t, db, func(c *config.Config) { c.Mail.WebhookURL, c.Mail.WebhookSecret = hook.srv.URL, hookSecret })
	return m, hook
}

type hookCall struct {
	alert mail.WebhookAlert
	body  []byte
	sig   string
}

type hookServer struct {
	srv   *httptest.Server
	mu    sync.Mutex
	calls []hookCall
}

func newHook(t *testing.T) *hookServer {
	h := &hookServer{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		var a mail.WebhookAlert
		json.Unmarshal(b, &a)
		h.mu.Lock()
		h.calls = append(h.calls, hookCall{a, b, r.Header.Get("X-Tend-Signature")})
		h.mu.Unlock()
	}))
	t.Cleanup(h.srv.Close)
	return h
}

func (h *hookServer) wait(t *testing.T, n int) []hookCall {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); time.Now().Before(end); time.Sleep(20 * time.Millisecond) {
		h.mu.Lock()
		c := append([]hookCall(nil), h.calls...)
		h.mu.Unlock()
		if len(c) >= n {
			return c
		}
	}
	t.Fatalf("webhook: fewer than %d calls", n)
	return nil
}

// TestDigestFollowsThePractitionersDay: the digest comes on the
// practitioner's morning (7:00 their time, not midnight UTC) and counts
// their yesterday: a worksheet sent back at 21:00 New York time (02:00 UTC
// the next day) counts for the New York day it was sent on.
func TestDigestFollowsThePractitionersDay(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		m := newMailEnv(t, db)
		ctx := context.Background()
		if err := m.Store.UpdateMailSettings(ctx, m.p.ID, models.MailSettings{RemindBefore: 1, RemindOverdue: 1, MailDigest: true}); err != nil {
			t.Fatal(err)
		}
		if err := m.Store.SetTimeZone(ctx, m.p.ID, "America/New_York"); err != nil {
			t.Fatal(err)
		}
		// The clock starts at 09:00 UTC on Monday 2 November 2026: 04:00 in
		// New York. Move to 02:00 UTC on the 3rd: 21:00 on the 2nd there.
		m.Clock.Advance(17 * time.Hour)
		a := m.p.AssignNew("weekly-connection-checkin", "")
		resp, body := m.API(a.Token(), "POST", "/api/v1/fill/submit", map[string]any{"answers": map[string]any{
			"stress": 3.0, "loneliness": 2.0, "asked_help": false, "harm_thoughts": false}})
		testenv.WantStatus(t, "submit", resp, body, 200)
		// 06:59 in New York on the 3rd: too early.
		m.Clock.Advance(9*time.Hour + 59*time.Minute)
		if n, err := m.Store.QueueDigests(ctx, m.Clock.Now()); err != nil || n != 0 {
			t.Fatalf("digest before 7:00 their time: %d %v", n, err)
		}
		// 07:00 in New York: yesterday there held the submission.
		m.Clock.Advance(time.Minute)
		if n, err := m.Store.QueueDigests(ctx, m.Clock.Now()); err != nil || n != 1 {
			t.Fatalf("digest at 7:00 their time: %d %v", n, err)
		}
		m.DeliverMail()
		msgs := m.relay.Messages()
		if d := msgs[len(msgs)-1]; !strings.Contains(d.Text, "Yesterday your clients sent back 1 worksheet in Tend.") {
			t.Fatalf("digest:\n%s", d.Raw)
		}
		// The next morning there: nothing came back on the 3rd.
		m.Clock.Advance(24 * time.Hour)
		if n, _ := m.Store.QueueDigests(ctx, m.Clock.Now()); n != 0 {
			t.Fatal("a digest for a day with no submissions")
		}
	})
}
