package models

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// ErrHighFlagOpen: the assignment has a high-severity flag nobody has
// acknowledged yet, so it cannot be marked reviewed.
var ErrHighFlagOpen = errors.New("a high-severity flag is not acknowledged yet")

// maxAckNote bounds an acknowledgement's action note.
const maxAckNote = 2000

// FlagView is a flag as pages, the API and PDFs show it: the row with its
// action note decrypted and the name of who acknowledged it.
type FlagView struct {
	Flag
	AckNote   string
	AckByName string
}

// Draft reports whether the flag was raised on answers not yet sent.
func (f Flag) Draft() bool { return f.Source == FlagSourceDraft }

func flagNoteAAD(id string) string { return "flags.ack_note|" + id }

// syncFlags makes an assignment's flags match the rules that fire on the
// answers just stored (in tx, the save's transaction): one row per rule,
// never one per save. A rule firing again is un-withdrawn; a submission
// turns it to source "submitted"; a rule no longer firing is withdrawn
// (never deleted, so a risk answer that was typed and changed back is
// still seen). Raising and withdrawing are audited (flag.raise,
// flag.withdraw) in the same transaction, naming ctx's actor.
func (s *Store) syncFlags(ctx context.Context, tx *gorm.DB, a Assignment, raised []worksheets.RaisedFlag, source string, now time.Time) error {
	var existing []Flag
	if err := tx.Where("assignment_id = ?", a.ID).Find(&existing).Error; err != nil {
		return fmt.Errorf("store: flags: %w", err)
	}
	byRule := map[string]Flag{}
	for _, f := range existing {
		byRule[f.Rule] = f
	}
	fired := map[string]bool{}
	for _, r := range raised {
		if fired[r.ID] {
			continue
		}
		fired[r.ID] = true
		f, ok := byRule[r.ID]
		if !ok {
			row := Flag{ID: newID(), AssignmentID: a.ID, PractitionerID: a.PractitionerID, Rule: r.ID,
				Severity: r.Severity, Message: r.Message, Source: source, CreatedAt: now}
			if err := row.seal(s.crypt); err != nil {
				return err
			}
			if err := tx.Create(&row).Error; err != nil {
				return fmt.Errorf("store: raise flag: %w", err)
			}
			if err := s.audit(ctx, tx, systemActor, "flag.raise", "flag", row.ID); err != nil {
				return err
			}
			if err := s.mailFlagAlert(ctx, tx, row, now); err != nil {
				return err
			}
			continue
		}
		upd := map[string]any{}
		if f.WithdrawnAt != nil {
			upd["withdrawn_at"] = nil
		}
		if source == FlagSourceSubmitted && f.Source != source {
			upd["source"] = source
		}
		if len(upd) > 0 {
			if err := tx.Model(&Flag{}).Where("id = ?", f.ID).Updates(upd).Error; err != nil {
				return fmt.Errorf("store: update flag: %w", err)
			}
		}
		if f.WithdrawnAt != nil {
			if err := s.audit(ctx, tx, systemActor, "flag.raise", "flag", f.ID); err != nil {
				return err
			}
			if err := s.mailFlagAlert(ctx, tx, f, now); err != nil {
				return err
			}
		}
	}
	for _, f := range existing {
		if !fired[f.Rule] && f.WithdrawnAt == nil {
			if err := tx.Model(&Flag{}).Where("id = ?", f.ID).Update("withdrawn_at", now).Error; err != nil {
				return fmt.Errorf("store: withdraw flag: %w", err)
			}
			if err := s.audit(ctx, tx, systemActor, "flag.withdraw", "flag", f.ID); err != nil {
				return err
			}
		}
	}
	return nil
}

// draftFlags evaluates the flag rules of a's worksheet version on a
// draft's answers (the version read in tx unless parsed before).
func (s *Store) draftFlags(tx *gorm.DB, a Assignment, ans worksheets.Answers) ([]worksheets.RaisedFlag, error) {
	v := s.defs.get(a.WorksheetVersionID)
	if v == nil {
		var w WorksheetVersion
		if err := tx.Where("id = ?", a.WorksheetVersionID).First(&w).Error; err != nil {
			return nil, notFound("worksheet version", err)
		}
		var err error
		if v, err = s.view(w); err != nil {
			return nil, err
		}
	}
	return v.Def.EvaluateFlags(ans), nil
}

// flagViews decrypts the messages and action notes of flags and names who acknowledged them.
func (s *Store) flagViews(ctx context.Context, flags []Flag) ([]FlagView, error) {
	ids := []string{}
	for _, f := range flags {
		if f.AcknowledgedBy != "" {
			ids = append(ids, f.AcknowledgedBy)
		}
	}
	names := map[string]string{}
	if len(ids) > 0 {
		var ps []Practitioner
		if err := s.read(ctx).Select("id", "name").Where("id IN ?", ids).Find(&ps).Error; err != nil {
			return nil, fmt.Errorf("store: flag acknowledgers: %w", err)
		}
		for _, p := range ps {
			names[p.ID] = p.Name
		}
	}
	out := make([]FlagView, 0, len(flags))
	for _, f := range flags {
		if err := f.open(s.crypt); err != nil {
			return nil, err
		}
		pt, err := s.crypt.Decrypt(f.AckNoteEnc, flagNoteAAD(f.ID))
		if err != nil {
			return nil, fmt.Errorf("store: flag note %s: %w", f.ID, err)
		}
		out = append(out, FlagView{Flag: f, AckNote: string(pt), AckByName: names[f.AcknowledgedBy]})
	}
	return out, nil
}

// AcknowledgeFlag marks one of pid's flags as seen, with a short note of
// what was done: required for a high flag, optional otherwise, stored
// encrypted with who and when. Acknowledging again keeps the first note
// and is still recorded.
func (s *Store) AcknowledgeFlag(ctx context.Context, pid, flagID, note string) error {
	note = strings.TrimSpace(note)
	if utf8.RuneCountInString(note) > maxAckNote {
		return invalid("note", fmt.Sprintf("must be at most %d characters", maxAckNote))
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var f Flag
		if err := tx.Where("id = ? AND practitioner_id = ?", flagID, pid).First(&f).Error; err != nil {
			return notFound("flag", err)
		}
		if f.AcknowledgedAt == nil {
			if note == "" && f.Severity == worksheets.SeverityHigh {
				return invalid("note", "is required for a high-severity flag: say briefly what you did (for example, called the client)")
			}
			enc := ""
			if note != "" {
				var err error
				if enc, err = s.crypt.Encrypt([]byte(note), flagNoteAAD(f.ID)); err != nil {
					return err
				}
			}
			err := tx.Model(&Flag{}).Where("id = ? AND practitioner_id = ? AND acknowledged_at IS NULL", flagID, pid).
				Updates(map[string]any{"acknowledged_at": s.now(), "acknowledged_by": pid, "ack_note_enc": enc}).Error
			if err != nil {
				return fmt.Errorf("store: acknowledge flag: %w", err)
			}
		}
		return s.audit(ctx, tx, practitionerActor(pid), "flag.acknowledge", "flag", flagID)
	})
}

// highFlagOpen reports whether assignment id has an open high-severity flag.
func highFlagOpen(tx *gorm.DB, id string) (bool, error) {
	var n int64
	err := tx.Model(&Flag{}).Where("assignment_id = ? AND severity = ? AND acknowledged_at IS NULL AND withdrawn_at IS NULL",
		id, worksheets.SeverityHigh).Count(&n).Error
	if err != nil {
		return false, fmt.Errorf("store: open flags: %w", err)
	}
	return n > 0, nil
}
