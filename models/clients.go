package models

import (
	"context"
	"fmt"
	"strings"

	"gorm.io/gorm"
)

// ClientInput is the editable part of a client.
type ClientInput struct {
	DisplayName *string
	Email       *string
	Notes       *string
	// SendEmail: Tend may email the client (invitations, reminders).
	SendEmail *bool
}

func (in ClientInput) check() []FieldProblem {
	var probs []FieldProblem
	if in.DisplayName != nil {
		n := strings.TrimSpace(*in.DisplayName)
		if n == "" || len([]rune(n)) > 200 {
			probs = append(probs, FieldProblem{"display_name", "is required (at most 200 characters)"})
		}
	}
	if in.Email != nil && strings.TrimSpace(*in.Email) != "" && NormalizeEmail(*in.Email) == "" {
		probs = append(probs, FieldProblem{"email", "must be an email address"})
	}
	if in.Notes != nil && len(*in.Notes) > 20000 {
		probs = append(probs, FieldProblem{"notes", "must be at most 20000 characters"})
	}
	return probs
}

// ClientView is a client with decrypted notes and address.
type ClientView struct {
	Client
	Notes string
	Email string
}

// CreateClient adds a client owned by pid.
func (s *Store) CreateClient(ctx context.Context, pid string, in ClientInput) (*ClientView, error) {
	if in.DisplayName == nil {
		in.DisplayName = new(string)
	}
	if probs := in.check(); len(probs) > 0 {
		return nil, &ValidationError{probs}
	}
	c := Client{ID: newID(), PractitionerID: pid, DisplayName: strings.TrimSpace(*in.DisplayName)}
	email := ""
	if in.Email != nil {
		email = NormalizeEmail(*in.Email)
		enc, err := s.encryptEmail(c.ID, email)
		if err != nil {
			return nil, err
		}
		c.EmailEnc = enc
	}
	if in.SendEmail != nil {
		c.SendEmail = *in.SendEmail
	}
	notes := ""
	if in.Notes != nil {
		notes = *in.Notes
		enc, err := s.crypt.Encrypt([]byte(notes), clientNotesAAD(c.ID))
		if err != nil {
			return nil, err
		}
		c.NotesEnc = enc
	}
	if err := c.seal(s.crypt); err != nil {
		return nil, err
	}
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&c).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.create", "client", c.ID)
	})
	if err != nil {
		return nil, fmt.Errorf("store: create client: %w", err)
	}
	return &ClientView{c, notes, email}, nil
}

// ClientFilter narrows a client list.
type ClientFilter struct {
	Query    string // each word begins a word of the name (accents and case ignored)
	Archived bool   // archived ones instead of active ones
}

// ListClients lists pid's clients, newest first. Names are encrypted: a
// search narrows by the blind index (blind.go), then keeps the clients
// whose decrypted name matches, reading further pages until the page is full.
func (s *Store) ListClients(ctx context.Context, pid string, f ClientFilter, p Page) ([]Client, string, error) {
	words := nameWords(f.Query)
	var out []Client
	for cursor := p.Cursor; ; {
		page := Page{Cursor: cursor, Limit: p.limit()}
		q := s.crypt.nameSearch(qClients(s.read(ctx), pid, f.Archived, page), pid, words)
		rows, next, err := paginate(q, page, func(c Client) string { return c.ID })
		if err == nil {
			err = openRows(s.crypt, rows)
		}
		if err != nil {
			return nil, "", fmt.Errorf("store: list clients: %w", err)
		}
		for _, c := range rows {
			if nameMatches(words, c.DisplayName) {
				out = append(out, c)
			}
		}
		if len(out) > p.limit() {
			out = out[:p.limit()]
			return out, out[len(out)-1].ID, nil
		}
		if next == "" {
			return out, "", nil
		}
		cursor = next
	}
}

// ClientByID loads one of pid's clients; another's is ErrNotFound.
func (s *Store) ClientByID(ctx context.Context, pid, id string) (*ClientView, error) {
	var c Client
	if err := s.read(ctx).Where("id = ? AND practitioner_id = ?", id, pid).First(&c).Error; err != nil {
		return nil, notFound("client", err)
	}
	if err := c.open(s.crypt); err != nil {
		return nil, err
	}
	notes, err := s.crypt.Decrypt(c.NotesEnc, clientNotesAAD(c.ID))
	if err != nil {
		return nil, fmt.Errorf("store: client notes: %w", err)
	}
	email, err := s.ClientEmail(c)
	if err != nil {
		return nil, err
	}
	return &ClientView{c, string(notes), email}, nil
}

// UpdateClient changes the given fields of one of pid's clients; an empty
// email or empty notes are saved as empty.
func (s *Store) UpdateClient(ctx context.Context, pid, id string, in ClientInput) (*ClientView, error) {
	if probs := in.check(); len(probs) > 0 {
		return nil, &ValidationError{probs}
	}
	upd := map[string]any{"updated_at": s.now()}
	if in.DisplayName != nil {
		named := Client{ID: id, PractitionerID: pid, DisplayName: strings.TrimSpace(*in.DisplayName)}
		if err := named.seal(s.crypt); err != nil {
			return nil, err
		}
		upd["name_enc"], upd["name_index"] = named.NameEnc, named.NameIndex
	}
	if in.Email != nil {
		enc, err := s.encryptEmail(id, NormalizeEmail(*in.Email))
		if err != nil {
			return nil, err
		}
		upd["email_enc"] = enc
	}
	if in.SendEmail != nil {
		upd["send_email"] = *in.SendEmail
	}
	if in.Notes != nil {
		enc, err := s.crypt.Encrypt([]byte(*in.Notes), clientNotesAAD(id))
		if err != nil {
			return nil, err
		}
		upd["notes_enc"] = enc
	}
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Client{}).Where("id = ? AND practitioner_id = ?", id, pid).Updates(upd)
		if res.Error != nil {
			return fmt.Errorf("store: update client: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.update", "client", id)
	})
	if err != nil {
		return nil, err
	}
	return s.ClientByID(ctx, pid, id)
}

// ArchiveClient archives one of pid's clients, revokes its open links and
// stops its schedules and courses.
func (s *Store) ArchiveClient(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Client{}).Where("id = ? AND practitioner_id = ?", id, pid).
			Updates(map[string]any{"archived_at": s.now(), "updated_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("store: archive client: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := tx.Model(&Assignment{}).Where("client_id = ? AND practitioner_id = ? AND link_revoked_at IS NULL", id, pid).
			Update("link_revoked_at", s.now()).Error; err != nil {
			return err
		}
		if err := s.stopClientReleases(tx, pid, id); err != nil {
			return err
		}
		// Their own page ends too: restoring does not turn it back on.
		if err := endHome(tx, id); err != nil {
			return err
		}
		if err := dropMailLinks(tx, tx.Model(&Assignment{}).Select("id").Where("client_id = ? AND practitioner_id = ?", id, pid)); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.archive", "client", id)
	})
}

// RestoreClient un-archives a client (links stay revoked; re-issue them).
func (s *Store) RestoreClient(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Client{}).Where("id = ? AND practitioner_id = ?", id, pid).Update("archived_at", nil)
		if res.Error != nil {
			return fmt.Errorf("store: restore client: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client.restore", "client", id)
	})
}

func clientNotesAAD(id string) string { return "clients.notes|" + id }
