package models

import (
	"context"
	"fmt"
	"strings"
	"time"

	"gorm.io/gorm"
)

// NoteView is a decrypted note.
type NoteView struct {
	ID           string
	AssignmentID string
	Text         string
	CreatedAt    time.Time
}

func noteAAD(id string) string { return "notes.text|" + id }

// AddNote adds a private note to one of pid's clients, optionally about
// one of that client's assignments.
func (s *Store) AddNote(ctx context.Context, pid, clientID, assignmentID, text string) (*NoteView, error) {
	text = strings.TrimSpace(text)
	if text == "" || len(text) > 20000 {
		return nil, invalid("text", "is required (at most 20000 characters)")
	}
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	if assignmentID != "" {
		a, err := s.AssignmentByID(ctx, pid, assignmentID)
		if err != nil {
			return nil, err
		}
		if a.ClientID != clientID {
			return nil, ErrNotFound
		}
	}
	n := Note{ID: newID(), PractitionerID: pid, ClientID: clientID, AssignmentID: assignmentID, CreatedAt: s.now()}
	enc, err := s.crypt.Encrypt([]byte(text), noteAAD(n.ID))
	if err != nil {
		return nil, err
	}
	n.TextEnc = enc
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&n).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "note.add", "note", n.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: add note: %w", err)
	}
	return &NoteView{n.ID, assignmentID, text, n.CreatedAt}, nil
}

// Notes lists pid's notes on a client (assignmentID "" = all of the
// client's notes), oldest first.
func (s *Store) Notes(ctx context.Context, pid, clientID, assignmentID string) ([]NoteView, error) {
	var rows []Note
	if err := qNotes(s.read(ctx), pid, clientID, assignmentID).Find(&rows).Error; err != nil {
		return nil, fmt.Errorf("store: notes: %w", err)
	}
	return s.openNotes(rows)
}

// openNotes decrypts note rows, in their order.
func (s *Store) openNotes(rows []Note) ([]NoteView, error) {
	out := make([]NoteView, 0, len(rows))
	for _, n := range rows {
		pt, err := s.crypt.Decrypt(n.TextEnc, noteAAD(n.ID))
		if err != nil {
			return nil, fmt.Errorf("store: note %s: %w", n.ID, err)
		}
		out = append(out, NoteView{n.ID, n.AssignmentID, string(pt), n.CreatedAt})
	}
	return out, nil
}
