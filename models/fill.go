package models

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// ErrSubmitted: the assignment was already submitted; answers cannot change.
var ErrSubmitted = errors.New("already submitted")

// DraftConflict is returned (as error) when a draft save used a stale version.
type DraftConflict struct {
	Version int
	Answers worksheets.Answers
}

func (e *DraftConflict) Error() string { return "conflict: the draft changed elsewhere" }

// Unwrap lets errors.Is(err, ErrConflict) match.
func (e *DraftConflict) Unwrap() error { return ErrConflict }

// linkLive is the condition under which a link (or a session made from it) works.
func (s *Store) linkLive(q *gorm.DB) *gorm.DB {
	return q.Where(linkLiveSQL, s.linkLiveArgs()...)
}

// linkLiveSQL is linkLive's condition on an assignment's columns, with
// linkLiveArgs.
const linkLiveSQL = "link_revoked_at IS NULL AND link_expires_at > ? AND status <> ?"

func (s *Store) linkLiveArgs() []any { return []any{s.now(), StatusCancelled} }

// AssignmentByLink resolves a raw link token to its assignment id; unknown,
// expired, revoked and cancelled links are all ErrNotFound.
func (s *Store) AssignmentByLink(ctx context.Context, token string) (string, error) {
	t, err := s.FillTargetByLink(ctx, token)
	if err != nil {
		return "", err
	}
	return t.ID, nil
}

// CreateFillSession starts a client's browser session for one assignment.
func (s *Store) CreateFillSession(ctx context.Context, assignmentID string) (string, *FillSession, error) {
	return s.CreateFillSessionFrom(ctx, assignmentID, "")
}

// CreateFillSessionFrom starts a client's browser session for one
// assignment entered from their own page: homeSession is that page's
// session hash ("" for none), and the session ends with the page's link.
func (s *Store) CreateFillSessionFrom(ctx context.Context, assignmentID, homeSession string) (string, *FillSession, error) {
	tok, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	csrf, err := NewToken()
	if err != nil {
		return "", nil, err
	}
	now := s.now()
	fs := &FillSession{TokenHash: HashToken(tok), AssignmentID: assignmentID, CSRFToken: csrf, HomeSession: homeSession,
		CreatedAt: now, LastSeenAt: now}
	if err := s.ctx(ctx).Create(fs).Error; err != nil {
		return "", nil, fmt.Errorf("store: create fill session: %w", err)
	}
	return tok, fs, nil
}

// FillSessionMax is the absolute lifetime of a client's browser session;
// the link itself (until it expires) starts a new one.
const FillSessionMax = 24 * time.Hour

// FillSessionByToken resolves a client's cookie; the session dies when idle
// too long or when the link it came from was revoked, expired or cancelled.
func (s *Store) FillSessionByToken(ctx context.Context, tok string, idle time.Duration) (*FillSession, error) {
	fs, _, err := s.FillPage(ctx, tok, idle, false)
	return fs, err
}

// FillAssignment loads an assignment for its client (no owner: the caller
// holds a live link or session for exactly this id) in one statement:
// what the client's pages show (its practitioner's name and words, the
// draft or sent answers, its flags when it has any), never the client's
// name or scores.
func (s *Store) FillAssignment(ctx context.Context, id string) (*AssignmentView, error) {
	row, err := s.readFillRow(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.fillView(ctx, row)
}

// SaveDraft stores a draft if baseVersion is the current version (0 when
// there is none yet) and returns the new version: SaveDraftOnce, from a
// FillTarget read now, without a save id.
func (s *Store) SaveDraft(ctx context.Context, assignmentID string, baseVersion int, ans worksheets.Answers) (int, time.Time, error) {
	t, err := s.FillTarget(ctx, assignmentID)
	if err != nil {
		return 0, time.Time{}, err
	}
	return s.SaveDraftOnce(ctx, t, baseVersion, "", ans)
}

// SaveDraftOnce stores a draft of t's assignment if baseVersion is the
// current version (0 when there is none yet) and returns the new version
// and its time. The worksheet's flag rules are evaluated on the draft and
// synced in the same transaction (see syncFlags). A retry carrying the
// saveID of the last committed save (its response was lost) returns that
// save's version and time and changes nothing. A stale version gives a
// *DraftConflict carrying the committed draft; a submitted assignment
// gives ErrSubmitted.
//
// t may be stale: it only picks the way. The usual autosave (a draft in
// progress at t's version, no flag open nor raised) is one statement,
// draftUpdateSQL, guarded by the version; anything else, or that statement
// finding the draft changed, is a transaction that reads again.
func (s *Store) SaveDraftOnce(ctx context.Context, t *FillTarget, baseVersion int, saveID string, ans worksheets.Answers) (int, time.Time, error) {
	d, err := s.sealDraft(ctx, t.ID, t.WorksheetVersionID, ans)
	if err != nil {
		return 0, time.Time{}, err
	}
	if t.Status == StatusInProgress && t.Version == baseVersion && !t.OpenFlags && (saveID == "" || saveID != t.LastSaveID) {
		// The link (if any) was checked by the read that gave t.
		saved, err := s.draftUpdate(ctx, t.ID, "", baseVersion, saveID, d)
		if err != nil {
			return 0, time.Time{}, err
		}
		if saved {
			return baseVersion + 1, d.now, nil
		}
	}
	for attempt := 0; ; attempt++ {
		version, savedAt, err := s.saveDraftTx(ctx, t.ID, baseVersion, saveID, d.enc, d.raised, d.now)
		// Two first saves raced and the other one's row is now
		// committed: run again, to answer from that row.
		if errors.Is(err, errLostRace) && attempt < 3 {
			continue
		}
		if errors.Is(err, errLostRace) {
			return 0, time.Time{}, fmt.Errorf("store: draft: %w", err)
		}
		return version, savedAt, err
	}
}

func (s *Store) saveDraftTx(ctx context.Context, assignmentID string, baseVersion int, saveID, enc string, raised []worksheets.RaisedFlag, now time.Time) (version int, savedAt time.Time, err error) {
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		st, err := readDraftState(tx, assignmentID)
		if err != nil {
			return err
		}
		a := Assignment{ID: assignmentID, Status: st.Status, PractitionerID: st.PractitionerID, WorksheetVersionID: st.WorksheetVersionID}
		switch a.Status {
		case StatusSubmitted, StatusReviewed:
			return ErrSubmitted
		case StatusCancelled:
			return ErrNotFound
		}
		switch {
		case st.Version > 0 && saveID != "" && st.LastSaveID == saveID:
			version, savedAt = st.Version, st.SavedAt
			return nil
		case st.Version == 0:
			if baseVersion != 0 {
				return &DraftConflict{Version: 0}
			}
			r := Response{AssignmentID: assignmentID, AnswersEnc: enc, Version: 1, SavedAt: now, LastSaveID: saveID}
			// DO NOTHING keeps this transaction usable on PostgreSQL,
			// where a failed insert would abort it.
			res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&r)
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return errLostRace
			}
		default:
			res := tx.Model(&Response{}).Where("assignment_id = ? AND version = ?", assignmentID, baseVersion).
				Updates(map[string]any{"answers_enc": enc, "version": baseVersion + 1, "saved_at": now, "last_save_id": saveID})
			if res.Error != nil {
				return res.Error
			}
			if res.RowsAffected == 0 {
				return s.conflict(tx, assignmentID)
			}
		}
		version, savedAt = baseVersion+1, now
		// No flag raised now nor open before: nothing to raise or withdraw.
		if len(raised) > 0 || st.OpenFlags {
			if err := s.syncFlags(ctx, tx, a, raised, FlagSourceDraft, now); err != nil {
				return err
			}
		}
		if a.Status == StatusAssigned {
			return tx.Model(&Assignment{}).Where("id = ? AND status = ?", assignmentID, StatusAssigned).
				Updates(map[string]any{"status": StatusInProgress, "updated_at": now}).Error
		}
		return nil
	})
	if err != nil {
		return 0, time.Time{}, err
	}
	return version, savedAt, nil
}

// readDraftState reads the FillTarget again inside a save's transaction.
func readDraftState(tx *gorm.DB, assignmentID string) (*FillTarget, error) {
	return scanFillTarget(tx.Statement.ConnPool.QueryRowContext(tx.Statement.Context, fillTargetByID, assignmentID))
}

// conflict reads the committed draft for a *DraftConflict.
func (s *Store) conflict(tx *gorm.DB, assignmentID string) error {
	var r Response
	if err := tx.Where("assignment_id = ?", assignmentID).First(&r).Error; err != nil {
		return fmt.Errorf("store: draft conflict: %w", err)
	}
	ans, err := s.decryptAnswers(r)
	if err != nil {
		return err
	}
	return &DraftConflict{Version: r.Version, Answers: ans}
}

// Submission is a validated, scored submission.
type Submission struct {
	Answers        worksheets.Answers // cleaned by worksheets.ValidateAnswers(Submit)
	Scores         []worksheets.ScaleScore
	Flags          []worksheets.RaisedFlag
	IdempotencyKey string
}

// Submit stores the answers, scores and flags (draft flags of the same rule
// become submitted ones; rules that no longer fire are withdrawn) and moves
// the status to submitted, all in one transaction with its audit event (ctx's actor: the
// client's link or session). A retry with the same idempotency key
// returns the original time and replay=true; any other second submit is
// ErrSubmitted.
func (s *Store) Submit(ctx context.Context, assignmentID string, sub Submission) (submittedAt time.Time, replay bool, err error) {
	js, err := json.Marshal(sub.Answers)
	if err != nil {
		return time.Time{}, false, fmt.Errorf("store: submit: %w", err)
	}
	enc, err := s.crypt.Encrypt(js, answersAAD(assignmentID))
	if err != nil {
		return time.Time{}, false, err
	}
	now := s.now()
	for attempt := 0; attempt < 3; attempt++ {
		submittedAt, replay, err = s.submitOnce(ctx, assignmentID, sub, enc, now)
		if !errors.Is(err, errLostRace) {
			break
		}
	}
	if errors.Is(err, errLostRace) {
		err = ErrSubmitted
	}
	if err != nil {
		if errors.Is(err, ErrSubmitted) || errors.Is(err, ErrNotFound) {
			return time.Time{}, false, err
		}
		return time.Time{}, false, fmt.Errorf("store: submit: %w", err)
	}
	return submittedAt, replay, nil
}

// errLostRace: a racing transaction committed first; run again.
var errLostRace = errors.New("lost a race")

func (s *Store) submitOnce(ctx context.Context, assignmentID string, sub Submission, enc string, now time.Time) (submittedAt time.Time, replay bool, err error) {
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var a Assignment
		if err := tx.Where("id = ?", assignmentID).First(&a).Error; err != nil {
			return notFound("assignment", err)
		}
		switch a.Status {
		case StatusSubmitted, StatusReviewed:
			var r Response
			if err := tx.Where("assignment_id = ?", assignmentID).First(&r).Error; err == nil &&
				sub.IdempotencyKey != "" && r.IdempotencyKey == sub.IdempotencyKey && r.SubmittedAt != nil {
				submittedAt, replay = *r.SubmittedAt, true
				return nil
			}
			return ErrSubmitted
		case StatusCancelled:
			return ErrNotFound
		}
		// The conditional update is the lock: of two racing submits one wins.
		res := tx.Model(&Assignment{}).Where("id = ? AND status IN ?", assignmentID, []string{StatusAssigned, StatusInProgress}).
			Updates(map[string]any{"status": StatusSubmitted, "submitted_at": now, "updated_at": now})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			// Another submit committed between our read and our update:
			// start over, so a retry with its idempotency key is a replay.
			return errLostRace
		}
		var r Response
		if err := tx.Where("assignment_id = ?", assignmentID).Limit(1).Find(&r).Error; err != nil {
			return err
		}
		if r.AssignmentID == "" {
			r = Response{AssignmentID: assignmentID, AnswersEnc: enc, Version: 1, SavedAt: now, SubmittedAt: &now, IdempotencyKey: sub.IdempotencyKey}
			if err := tx.Create(&r).Error; err != nil {
				return err
			}
		} else if err := tx.Model(&Response{}).Where("assignment_id = ?", assignmentID).Updates(map[string]any{
			"answers_enc": enc, "version": r.Version + 1, "saved_at": now, "submitted_at": now, "idempotency_key": sub.IdempotencyKey,
		}).Error; err != nil {
			return err
		}
		for _, sc := range sub.Scores {
			row := Score{ID: newID(), AssignmentID: assignmentID, ClientID: a.ClientID, WorksheetKey: a.WorksheetKey,
				Scale: sc.Scale, Title: sc.Title, Value: sc.Value, Band: sc.Band, Meaning: sc.Meaning, Min: sc.Min, Max: sc.Max,
				Note: sc.Note, Prorated: sc.Prorated, SubmittedAt: now, PractitionerID: a.PractitionerID}
			if err := row.seal(s.crypt); err != nil {
				return err
			}
			if err := tx.Create(&row).Error; err != nil {
				return err
			}
		}
		if err := s.syncFlags(ctx, tx, a, sub.Flags, FlagSourceSubmitted, now); err != nil {
			return err
		}
		if err := dropMailLinks(tx, []string{assignmentID}); err != nil {
			return err
		}
		submittedAt = now
		return s.audit(ctx, tx, systemActor, "assignment.submit", "assignment", assignmentID)
	})
	return submittedAt, replay, err
}
