package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Actor says who did something, for the audit log.
type Actor struct {
	Type string // practitioner | client | system
	ID   string // practitioner id, "link:<hash prefix>", "session:<hash prefix>", or "cli"
	IP   string
}

type actorKey struct{}

// WithActor returns ctx carrying a: every audit row written with the
// context names a. An Actor with an empty ID (a visitor not yet signed in)
// lends only its IP to the row.
func WithActor(ctx context.Context, a Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// ActorFrom is the actor ctx carries, if any.
func ActorFrom(ctx context.Context) (Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(Actor)
	return a, ok
}

// systemActor names what no person asked for (a command, a job).
var systemActor = Actor{Type: "system", ID: "system"}

// practitionerActor is the fallback for a change made for practitioner pid.
func practitionerActor(pid string) Actor { return Actor{Type: "practitioner", ID: pid} }

// actorOr is ctx's actor, or fallback when ctx names nobody (keeping the
// context's IP when it knows one).
func actorOr(ctx context.Context, fallback Actor) Actor {
	a, ok := ActorFrom(ctx)
	if !ok {
		return fallback
	}
	if a.ID == "" {
		fallback.IP = a.IP
		return fallback
	}
	return a
}

// Audit appends one event recording a read (a page view, a sign-in) by
// ctx's actor. Changes record their own event in their own transaction.
// It never records answer text, names, notes or tokens.
func (s *Store) Audit(ctx context.Context, action, objectType, objectID string) error {
	return s.writeAudit(s.ctx(ctx), actorOr(ctx, systemActor), action, objectType, objectID)
}

// audit records a change inside its transaction tx, so the change and its
// event commit or roll back together. The actor is ctx's, else fallback.
func (s *Store) audit(ctx context.Context, tx *gorm.DB, fallback Actor, action, objectType, objectID string) error {
	return s.writeAudit(tx, actorOr(ctx, fallback), action, objectType, objectID)
}

func (s *Store) writeAudit(tx *gorm.DB, a Actor, action, objectType, objectID string) error {
	ev := AuditEvent{At: s.now(), ActorType: a.Type, ActorID: a.ID, Action: action,
		ObjectType: objectType, ObjectID: objectID, IP: a.IP}
	if err := tx.Create(&ev).Error; err != nil {
		return fmt.Errorf("store: audit %s: %w", action, err)
	}
	return nil
}

// AuditEvents returns the newest events (admin view, tests).
func (s *Store) AuditEvents(ctx context.Context, limit int) ([]AuditEvent, error) {
	var evs []AuditEvent
	err := s.ctx(ctx).Order("id DESC").Limit(limit).Find(&evs).Error
	return evs, err
}
