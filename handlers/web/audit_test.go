package web_test

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// postFrom submits a form as ws from the client address ip (the app trusts
// the test connection as a proxy, so X-Forwarded-For is the request's IP).
func postFrom(ws *testenv.Client, ip, path string, form url.Values) (*http.Response, string) {
	ws.Header.Set("X-Forwarded-For", ip)
	defer ws.Header.Del("X-Forwarded-For")
	return ws.PostForm(path, form)
}

// behindProxy trusts app.Test's connection (0.0.0.0) as a proxy.
func behindProxy(c *config.Config) { c.TrustedProxies = []string{"0.0.0.0"} }

// TestPageActionAuditsOnce: adding a client on the web leaves exactly one
// audit event naming the signed-in practitioner and the request's IP.
func TestPageActionAuditsOnce(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db, behindProxy)
			p := env.NewPractitioner("Ada Therapist", false)
			ws := p.Web()
			before, _ := env.Store.AuditEvents(t.Context(), 1)
			resp, body := postFrom(ws, "203.0.113.9", "/clients", url.Values{"display_name": {"Sam K."}})
			testenv.WantStatus(t, "create client", resp, body, http.StatusSeeOther)
			cid := strings.TrimPrefix(resp.Header.Get("Location"), "/clients/")
			evs, _ := env.Store.AuditEvents(t.Context(), 10)
			var got []models.AuditEvent
			for _, ev := range evs {
				if len(before) == 0 || ev.ID > before[0].ID {
					got = append(got, ev)
				}
			}
			if len(got) != 1 {
				t.Fatalf("%d audit events, want 1: %+v", len(got), got)
			}
			ev := got[0]
			if ev.Action != "client.create" || ev.ObjectType != "client" || ev.ObjectID != cid ||
				ev.ActorType != "practitioner" || ev.ActorID != p.ID || ev.IP != "203.0.113.9" {
				t.Fatalf("audit event: %+v", ev)
			}
		})
	}
}

// TestAuditFailure: a change whose event cannot be written is refused and
// not stored; a page view whose event cannot be written still shows, and
// the failure is logged with the request id and the action.
func TestAuditFailure(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db)
			p := env.NewPractitioner("Ada Therapist", false)
			ws := p.Web()
			name := "Sam K."
			c, err := env.Store.CreateClient(t.Context(), p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				t.Fatal(err)
			}
			err = env.Store.DB().Callback().Create().Before("gorm:create").Register("test:refuse_audit", func(tx *gorm.DB) {
				if tx.Statement.Table == "audit_events" {
					tx.AddError(errors.New("test: audit insert refused"))
				}
			})
			if err != nil {
				t.Fatal(err)
			}

			resp, body := ws.PostForm("/clients", url.Values{"display_name": {"Never Stored"}})
			testenv.WantStatus(t, "create client", resp, body, http.StatusInternalServerError)
			if rows, _, _ := env.Store.ListClients(t.Context(), p.ID, models.ClientFilter{Query: "Never"}, models.Page{}); len(rows) != 0 {
				t.Fatal("the client was stored without its audit event")
			}

			resp, body = ws.Get("/clients/" + c.ID)
			testenv.WantStatus(t, "client page", resp, body, http.StatusOK)
			logs := env.LogText()
			rid := resp.Header.Get("X-Request-ID")
			if !strings.Contains(logs, `"msg":"audit failed","rid":"`+rid+`","action":"client.view"`) {
				t.Fatalf("the failed view audit was not logged with its request id:\n%s", logs)
			}
		})
	}
}
