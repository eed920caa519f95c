package models_test

import (
	"errors"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// auditTrail reads the events written since the last call.
type auditTrail struct {
	t    *testing.T
	env  *testenv.Env
	last uint
}

func (a *auditTrail) since() []models.AuditEvent {
	a.t.Helper()
	evs, err := a.env.Store.AuditEvents(a.t.Context(), 1000)
	if err != nil {
		a.t.Fatal(err)
	}
	var out []models.AuditEvent
	for i := len(evs) - 1; i >= 0; i-- {
		if evs[i].ID > a.last {
			out = append(out, evs[i])
			a.last = evs[i].ID
		}
	}
	return out
}

// one fails unless exactly one event was written since the last call, by
// actor, recording action on the object.
func (a *auditTrail) one(step string, actor models.Actor, action, objectType, objectID string) {
	a.t.Helper()
	evs := a.since()
	if len(evs) != 1 {
		a.t.Fatalf("%s: %d audit events, want 1: %+v", step, len(evs), evs)
	}
	ev := evs[0]
	if ev.Action != action || ev.ObjectType != objectType || ev.ObjectID != objectID ||
		ev.ActorType != actor.Type || ev.ActorID != actor.ID || ev.IP != actor.IP {
		a.t.Fatalf("%s: got %+v, want %s %s/%s by %+v", step, ev, action, objectType, objectID, actor)
	}
}

// TestMutationsAuditOnce: every change the store makes writes exactly one
// event naming the context's actor (with its IP), the action and the object.
func TestMutationsAuditOnce(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db)
			s, trail := env.Store, &auditTrail{t: t, env: env}
			bg := t.Context()
			must := func(step string, err error) {
				t.Helper()
				if err != nil {
					t.Fatalf("%s: %v", step, err)
				}
			}

			setupTok, err := s.EnsureSetupToken(bg)
			must("setup token", err)
			admin, err := s.CompleteSetup(models.WithActor(bg, models.Actor{IP: "198.51.100.1"}), setupTok,
				models.NewPractitioner{Email: "admin@example.org", Name: "Admin", Password: "correct horse battery staple"})
			must("setup", err)
			trail.one("setup", models.Actor{Type: "practitioner", ID: admin.ID, IP: "198.51.100.1"}, "setup.complete", "practitioner", admin.ID)

			byAdmin := models.Actor{Type: "practitioner", ID: admin.ID, IP: "198.51.100.2"}
			actx := models.WithActor(bg, byAdmin)
			p, err := s.CreatePractitioner(actx, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "correct horse battery ada"})
			must("create practitioner", err)
			trail.one("create practitioner", byAdmin, "practitioner.create", "practitioner", p.ID)
			must("disable", s.SetDisabled(actx, p.ID, true))
			trail.one("disable", byAdmin, "practitioner.disable", "practitioner", p.ID)
			must("enable", s.SetDisabled(actx, p.ID, false))
			trail.one("enable", byAdmin, "practitioner.enable", "practitioner", p.ID)

			me := models.Actor{Type: "practitioner", ID: p.ID, IP: "203.0.113.7"}
			ctx := models.WithActor(bg, me)
			name, renamed := "Sam K.", "Sam L."
			c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			must("create client", err)
			trail.one("create client", me, "client.create", "client", c.ID)
			_, err = s.UpdateClient(ctx, p.ID, c.ID, models.ClientInput{DisplayName: &renamed})
			must("update client", err)
			trail.one("update client", me, "client.update", "client", c.ID)
			note, err := s.AddNote(ctx, p.ID, c.ID, "", "private words")
			must("add note", err)
			trail.one("add note", me, "note.add", "note", note.ID)
			must("time zone", s.SetTimeZone(ctx, p.ID, "Europe/Berlin"))
			trail.one("time zone", me, "timezone.change", "practitioner", p.ID)
			must("password", s.ChangePassword(ctx, p.ID, "correct horse battery ada", "a new horse battery staple", ""))
			trail.one("password", me, "password.change", "practitioner", p.ID)
			_, tok, err := s.CreateAPIToken(ctx, p.ID, "laptop")
			must("token", err)
			trail.one("token", me, "api_token.create", "api_token", tok.ID)
			must("revoke", s.RevokeAPIToken(ctx, p.ID, tok.ID))
			trail.one("revoke", me, "api_token.revoke", "api_token", tok.ID)

			lib, err := worksheets.Library()
			must("library", err)
			own := *lib[0]
			own.Key = "my-own-sheet"
			w, err := s.SaveCustomWorksheet(ctx, p.ID, &own)
			must("worksheet", err)
			trail.one("worksheet", me, "worksheet.save", "worksheet", w.ID)

			lp := models.LinkPolicy{TTL: env.Tend.Config.LinkTTL, AfterDue: env.Tend.Config.LinkAfterDue}
			a, _, err := s.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin"}, lp)
			must("assign", err)
			trail.one("assign", me, "assignment.create", "assignment", a.ID)
			_, _, err = s.ReissueLink(ctx, p.ID, a.ID, lp)
			must("reissue", err)
			trail.one("reissue", me, "link.reissue", "assignment", a.ID)

			client := models.Actor{Type: "client", ID: "link:0123abcd", IP: "192.0.2.55"}
			_, _, err = s.Submit(models.WithActor(bg, client), a.ID, models.Submission{Answers: worksheets.Answers{"stress": 4.0},
				Flags: []worksheets.RaisedFlag{{ID: "safety", Severity: "high", Message: "follow up"}}})
			must("submit", err)
			// The submission and the flag it raised: two events, both the client's.
			if evs := trail.since(); len(evs) != 2 || evs[0].Action != "flag.raise" || evs[0].ActorID != client.ID ||
				evs[1].Action != "assignment.submit" || evs[1].ObjectID != a.ID || evs[1].ActorID != client.ID || evs[1].IP != client.IP {
				t.Fatalf("submit with a flag: %+v", evs)
			}
			v, err := s.AssignmentByID(ctx, p.ID, a.ID)
			must("load", err)
			must("acknowledge", s.AcknowledgeFlag(ctx, p.ID, v.Flags[0].ID, "Called them; safe for now."))
			trail.one("acknowledge", me, "flag.acknowledge", "flag", v.Flags[0].ID)
			must("review", s.MarkReviewed(ctx, p.ID, a.ID))
			trail.one("review", me, "assignment.review", "assignment", a.ID)

			b, _, err := s.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin"}, lp)
			must("assign again", err)
			trail.one("assign again", me, "assignment.create", "assignment", b.ID)
			must("cancel", s.CancelAssignment(ctx, p.ID, b.ID))
			trail.one("cancel", me, "assignment.cancel", "assignment", b.ID)
			must("archive", s.ArchiveClient(ctx, p.ID, c.ID))
			trail.one("archive", me, "client.archive", "client", c.ID)
			must("restore", s.RestoreClient(ctx, p.ID, c.ID))
			trail.one("restore", me, "client.restore", "client", c.ID)

			// Without an actor in the context the event names the owner.
			other, err := s.CreateClient(bg, p.ID, models.ClientInput{DisplayName: &name})
			must("create without actor", err)
			trail.one("create without actor", models.Actor{Type: "practitioner", ID: p.ID}, "client.create", "client", other.ID)
			// A refused change writes nothing.
			if err := s.RestoreClient(ctx, admin.ID, c.ID); !errors.Is(err, models.ErrNotFound) {
				t.Fatalf("restore another's client: %v", err)
			}
			if evs := trail.since(); len(evs) != 0 {
				t.Fatalf("a refused change was audited: %+v", evs)
			}
		})
	}
}

// refuseAudits makes every audit insert on env's database fail, as a full
// disk or a broken table would, from here to the end of the test.
func refuseAudits(t *testing.T, env *testenv.Env) {
	t.Helper()
	errRefused := errors.New("test: audit insert refused")
	err := env.Store.DB().Callback().Create().Before("gorm:create").Register("test:refuse_audit", func(tx *gorm.DB) {
		if tx.Statement.Table == "audit_events" {
			tx.AddError(errRefused)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestChangeRollsBackWithItsAudit: when the audit event cannot be written,
// the change it records is not committed either.
func TestChangeRollsBackWithItsAudit(t *testing.T) {
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			env := testenv.New(t, db)
			s, bg := env.Store, t.Context()
			p, id, _ := assigned(t, env, "weekly-connection-checkin")
			v, err := s.AssignmentByID(bg, p.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			ctx := models.WithActor(bg, models.Actor{Type: "practitioner", ID: p.ID, IP: "203.0.113.7"})
			refuseAudits(t, env)

			name := "Never Stored"
			if _, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name}); err == nil {
				t.Fatal("create client succeeded without its audit event")
			}
			if rows, _, err := s.ListClients(bg, p.ID, models.ClientFilter{Query: name}, models.Page{}); err != nil || len(rows) != 0 {
				t.Fatalf("the client was created without its audit event (%d rows, %v)", len(rows), err)
			}

			if err := s.ArchiveClient(ctx, p.ID, v.ClientID); err == nil {
				t.Fatal("archive succeeded without its audit event")
			}
			c, err := s.ClientByID(bg, p.ID, v.ClientID)
			if err != nil || c.ArchivedAt != nil {
				t.Fatalf("the client was archived without its audit event (%v)", err)
			}
			a, err := s.AssignmentByID(bg, p.ID, id)
			if err != nil || a.LinkRevokedAt != nil {
				t.Fatalf("the link was revoked without its audit event (%v)", err)
			}

			sub := models.Submission{Answers: worksheets.Answers{"stress": 4.0}}
			if _, _, err := s.Submit(ctx, id, sub); err == nil {
				t.Fatal("submit succeeded without its audit event")
			}
			if a, err = s.AssignmentByID(bg, p.ID, id); err != nil || a.Status != models.StatusAssigned || a.Answers != nil {
				t.Fatalf("the submission was stored without its audit event (%v)", err)
			}
		})
	}
}
