package api_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
)

// TestLogsHoldNoPHI drives the API with a canary in every free-text place
// (client name, instructions, answers, notes, bad input) and checks the
// server's log and the audit events: no canary, no token, only JSON lines
// with allow-listed keys.
func TestLogsHoldNoPHI(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			p := env.NewPractitioner("Log Tester", false)
			const canary = "CANARY-PHI-7d1f"
			_, body := p.API("POST", "/api/v1/clients", map[string]any{"display_name": canary + " client"})
			cid := testenv.JSON(t, body)["id"].(string)
			_, body = p.API("POST", "/api/v1/clients/"+cid+"/assignments", map[string]any{"worksheet_key": "self-reliance-checkin", "instructions": canary})
			a := testenv.JSON(t, body)
			link := a["link"].(string)
			f := &fixture{env: env, p: p, clientID: cid, assignment: a["id"].(string), link: link}
			submitCheckin(t, f, f.assignment, 2, canary+" answer text\r\n{\"level\":\"ERROR\",\"msg\":\"forged\"}")
			env.Store.AddNote(context.Background(), p.ID, cid, f.assignment, canary+" note")
			p.API("GET", "/api/v1/assignments/"+f.assignment, nil)
			p.API("GET", "/api/v1/assignments/"+f.assignment+"/pdf", nil)
			p.API("PATCH", "/api/v1/clients/"+cid, `{"display_name": 7}`)
			p.API("PATCH", "/api/v1/clients/"+cid, map[string]any{"display_name": canary + " renamed", "notes": canary})
			p.API("POST", "/api/v1/clients", `{"display_name": "`+canary)
			p.API("GET", "/api/v1/clients/"+canary, nil)
			env.API("", "POST", "/api/v1/auth/token", map[string]any{"email": canary + "@example.org", "password": canary})
			env.Do(mustReq("GET", "/w/"+linkToken(link)))
			env.Do(mustReq("GET", "/w/"+canary+"-not-a-token"))

			logs := env.LogText()
			if logs == "" {
				t.Fatal("the server logged nothing: the test would prove nothing")
			}
			for _, secret := range []string{canary, linkToken(link), p.APIToken, strings.TrimPrefix(p.APIToken, "tnd_")} {
				if strings.Contains(logs, secret) {
					t.Errorf("the log contains a secret or PHI (%.10s…)", secret)
				}
			}
			auditHoldsNo(t, env, canary, linkToken(link), p.APIToken, strings.TrimPrefix(p.APIToken, "tnd_"))
			allowed := map[string]bool{"time": true, "level": true, "msg": true, "rid": true, "method": true,
				"route": true, "status": true, "ms": true, "error": true, "path": true, "action": true}
			lines := 0
			for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
				var m map[string]any
				if err := json.Unmarshal([]byte(line), &m); err != nil {
					t.Fatalf("log line is not JSON: %q", line)
				}
				for k := range m {
					if !allowed[k] {
						t.Errorf("log key %q is not on the allow-list", k)
					}
				}
				if m["msg"] == "forged" {
					t.Error("a CR/LF in an answer forged a log line")
				}
				lines++
			}
			t.Logf("%d log lines checked", lines)
		})
	}
}

// auditHoldsNo fails if any audit event holds one of the secrets (PHI or
// a token) in any of its columns.
func auditHoldsNo(t *testing.T, env *testenv.Env, secrets ...string) {
	t.Helper()
	evs, err := env.Store.AuditEvents(context.Background(), 1000)
	if err != nil || len(evs) == 0 {
		t.Fatalf("no audit events to check (%v): the test would prove nothing", err)
	}
	for _, ev := range evs {
		row := strings.Join([]string{ev.ActorType, ev.ActorID, ev.Action, ev.ObjectType, ev.ObjectID, ev.IP}, "|")
		for _, secret := range secrets {
			if strings.Contains(row, secret) {
				t.Errorf("the audit event %s holds a secret or PHI (%.10s…)", ev.Action, secret)
			}
		}
	}
}
