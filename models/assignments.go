package models

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/tend-health/tend/worksheets"
	"gorm.io/gorm"
)

// NewAssignment is what giving a worksheet to a client needs.
type NewAssignment struct {
	ClientID     string
	WorksheetKey string
	DueOn        *time.Time // a date (midnight UTC)
	Instructions string
}

// LinkPolicy sets how long client links live: LinkTTL after creation or
// AfterDue after the due date, whichever is later.
type LinkPolicy struct {
	TTL      time.Duration
	AfterDue time.Duration
}

func (lp LinkPolicy) expiry(now time.Time, due *time.Time) time.Time {
	exp := now.Add(lp.TTL)
	if due != nil {
		if d := due.Add(24 * time.Hour).Add(lp.AfterDue); d.After(exp) {
			exp = d
		}
	}
	return exp
}

// AssignmentView is an assignment with what pages and the API show with it.
type AssignmentView struct {
	Assignment
	Worksheet        *WorksheetView
	ClientName       string
	PractitionerName string
	// Words is what the practitioner tells their clients (response time
	// already defaulted; crisis text "" means the server's).
	Words           ClientWords
	Answers         worksheets.Answers // draft or submitted; nil when none
	ResponseVersion int
	SavedAt         *time.Time
	Scores          []Score
	Flags           []FlagView
}

// CreateAssignment gives a worksheet to one of pid's clients and issues its
// link. The raw token is returned once and never stored.
func (s *Store) CreateAssignment(ctx context.Context, pid string, in NewAssignment, lp LinkPolicy) (*AssignmentView, string, error) {
	vs, toks, err := s.createAssignments(ctx, pid, in, []string{in.WorksheetKey}, lp, func(int) string { return "worksheet_key" })
	if err != nil {
		return nil, "", err
	}
	return vs[0], toks[0], nil
}

// MaxAssignAtOnce bounds how many worksheets one CreateAssignments gives.
const MaxAssignAtOnce = 20

// CreateAssignments gives several worksheets (keys, in order; in.WorksheetKey
// is ignored) to one of pid's clients with one due date and note: each its
// own assignment with its own link, all in one transaction (all or none).
// Problems name the key's place: "worksheet_keys[2]". Tokens are returned
// once, in the order of keys, and never stored.
func (s *Store) CreateAssignments(ctx context.Context, pid string, in NewAssignment, keys []string, lp LinkPolicy) ([]*AssignmentView, []string, error) {
	return s.createAssignments(ctx, pid, in, keys, lp, func(i int) string { return fmt.Sprintf("worksheet_keys[%d]", i) })
}

func (s *Store) createAssignments(ctx context.Context, pid string, in NewAssignment, keys []string, lp LinkPolicy, keyField func(int) string) ([]*AssignmentView, []string, error) {
	var probs []FieldProblem
	switch {
	case len(keys) == 0:
		probs = append(probs, FieldProblem{"worksheet_keys", "must list at least one worksheet"})
	case len(keys) > MaxAssignAtOnce:
		probs = append(probs, FieldProblem{"worksheet_keys", fmt.Sprintf("must list at most %d worksheets", MaxAssignAtOnce)})
	}
	if len(in.Instructions) > 5000 {
		probs = append(probs, FieldProblem{"instructions", "must be at most 5000 characters"})
	}
	if in.DueOn != nil && in.DueOn.Before(s.now().Add(-24*time.Hour)) {
		probs = append(probs, FieldProblem{"due_on", "must not be in the past"})
	}
	if in.DueOn != nil && in.DueOn.After(s.now().AddDate(2, 0, 1)) {
		// The link's expiry follows the due date: keep it a storable time.
		probs = append(probs, FieldProblem{"due_on", "must be within two years"})
	}
	client, err := s.ClientByID(ctx, pid, in.ClientID)
	if err != nil {
		return nil, nil, err
	}
	if client.ArchivedAt != nil {
		probs = append(probs, FieldProblem{"client_id", "this client is archived; restore them first"})
	}
	sheets := make([]*WorksheetView, len(keys))
	seen := map[string]bool{}
	for i, key := range keys {
		if i >= MaxAssignAtOnce {
			break
		}
		if seen[key] {
			probs = append(probs, FieldProblem{keyField(i), "is listed twice"})
			continue
		}
		seen[key] = true
		ws, err := s.LatestWorksheet(ctx, pid, key)
		if err == ErrNotFound {
			probs = append(probs, FieldProblem{keyField(i), "no worksheet with this key"})
		} else if err != nil {
			return nil, nil, err
		}
		sheets[i] = ws
	}
	if len(probs) > 0 {
		return nil, nil, &ValidationError{probs}
	}
	now := s.now()
	views, toks := make([]*AssignmentView, len(keys)), make([]string, len(keys))
	rows := make([]Assignment, len(keys))
	for i, ws := range sheets {
		tok, err := NewToken()
		if err != nil {
			return nil, nil, err
		}
		rows[i] = Assignment{ID: newID(), PractitionerID: pid, ClientID: client.ID, WorksheetVersionID: ws.ID,
			WorksheetKey: ws.Key, Instructions: strings.TrimSpace(in.Instructions), DueOn: in.DueOn, Status: StatusAssigned,
			LinkTokenHash: HashToken(tok), LinkExpiresAt: lp.expiry(now, in.DueOn)}
		if err := rows[i].seal(s.crypt); err != nil {
			return nil, nil, err
		}
		toks[i] = tok
	}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		for i := range rows {
			if err := tx.Create(&rows[i]).Error; err != nil {
				return err
			}
			if err := s.audit(ctx, tx, practitionerActor(pid), "assignment.create", "assignment", rows[i].ID); err != nil {
				return err
			}
		}
		return s.mailInvitation(ctx, tx, client.Client, rows, toks)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("store: create assignment: %w", err)
	}
	for i := range rows {
		views[i] = &AssignmentView{Assignment: rows[i], Worksheet: sheets[i], ClientName: client.DisplayName}
	}
	return views, toks, nil
}

// AssignmentFilter narrows an assignment list.
type AssignmentFilter struct {
	Status   string
	ClientID string
}

// AssignmentRow is a list entry.
type AssignmentRow struct {
	Assignment
	WorksheetTitle string
	ClientName     string
}

// ListAssignments lists pid's assignments, newest first.
func (s *Store) ListAssignments(ctx context.Context, pid string, f AssignmentFilter, p Page) ([]AssignmentRow, string, error) {
	rows, next, err := paginate(qAssignments(s.read(ctx), pid, f, p), p, func(a Assignment) string { return a.ID })
	if err != nil {
		return nil, "", fmt.Errorf("store: list assignments: %w", err)
	}
	out, err := s.decorate(ctx, rows)
	return out, next, err
}

// decorate opens the rows' instructions and adds worksheet titles (from
// the definition cache; a query for versions not in it) and client names
// (one query), each id asked for once.
func (s *Store) decorate(ctx context.Context, rows []Assignment) ([]AssignmentRow, error) {
	if err := openRows(s.crypt, rows); err != nil {
		return nil, err
	}
	titles, names := map[string]string{}, map[string]string{}
	wsIDs, clientIDs := map[string]bool{}, map[string]bool{}
	for _, a := range rows {
		if _, ok := titles[a.WorksheetVersionID]; !ok && !wsIDs[a.WorksheetVersionID] {
			if v := s.defs.get(a.WorksheetVersionID); v != nil {
				titles[a.WorksheetVersionID] = v.Title
			} else {
				wsIDs[a.WorksheetVersionID] = true
			}
		}
		clientIDs[a.ClientID] = true
	}
	if len(wsIDs) > 0 {
		var ws []WorksheetVersion
		if err := s.read(ctx).Select("id", "title").Where("id IN ?", keys(wsIDs)).Find(&ws).Error; err != nil {
			return nil, err
		}
		for _, w := range ws {
			titles[w.ID] = w.Title
		}
	}
	if len(clientIDs) > 0 {
		var cs []Client
		if err := s.read(ctx).Select("id", "name_enc").Where("id IN ?", keys(clientIDs)).Find(&cs).Error; err != nil {
			return nil, err
		}
		if err := openRows(s.crypt, cs); err != nil {
			return nil, err
		}
		for _, c := range cs {
			names[c.ID] = c.DisplayName
		}
	}
	out := make([]AssignmentRow, len(rows))
	for i, a := range rows {
		out[i] = AssignmentRow{a, titles[a.WorksheetVersionID], names[a.ClientID]}
	}
	return out, nil
}

// AssignmentByID loads one of pid's assignments with answers, scores and flags.
func (s *Store) AssignmentByID(ctx context.Context, pid, id string) (*AssignmentView, error) {
	var a Assignment
	if err := s.read(ctx).Where("id = ? AND practitioner_id = ?", id, pid).First(&a).Error; err != nil {
		return nil, notFound("assignment", err)
	}
	return s.assignmentView(ctx, a)
}

func (s *Store) assignmentView(ctx context.Context, a Assignment) (*AssignmentView, error) {
	vs, err := s.assignmentViews(ctx, []Assignment{a}, viewsOwner{})
	if err != nil {
		return nil, err
	}
	return vs[0], nil
}

func answersAAD(assignmentID string) string { return "responses.answers|" + assignmentID }

func (s *Store) decryptAnswers(r Response) (worksheets.Answers, error) {
	pt, err := s.crypt.Decrypt(r.AnswersEnc, answersAAD(r.AssignmentID))
	if err != nil {
		return nil, fmt.Errorf("store: answers of %s: %w", r.AssignmentID, err)
	}
	ans := worksheets.Answers{}
	if len(pt) > 0 {
		if err := json.Unmarshal(pt, &ans); err != nil {
			return nil, fmt.Errorf("store: answers of %s: %w", r.AssignmentID, err)
		}
	}
	return ans, nil
}

// ReissueLink gives an assignment a new link; the old one stops at once.
func (s *Store) ReissueLink(ctx context.Context, pid, id string, lp LinkPolicy) (*AssignmentView, string, error) {
	a, err := s.AssignmentByID(ctx, pid, id)
	if err != nil {
		return nil, "", err
	}
	if a.Status == StatusCancelled {
		return nil, "", fmt.Errorf("%w: this assignment was cancelled", ErrConflict)
	}
	tok, err := NewToken()
	if err != nil {
		return nil, "", err
	}
	exp := lp.expiry(s.now(), a.DueOn)
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Assignment{}).Where("id = ? AND practitioner_id = ?", id, pid).
			Updates(map[string]any{"link_token_hash": HashToken(tok), "link_expires_at": exp, "link_revoked_at": nil, "updated_at": s.now()})
		if res.Error != nil {
			return res.Error
		}
		if err := tx.Where("assignment_id = ?", id).Delete(&FillSession{}).Error; err != nil {
			return err
		}
		// Reminders carry the new link from now on.
		var kept int64
		if err := tx.Model(&MailLink{}).Where("assignment_id = ?", id).Count(&kept).Error; err != nil {
			return err
		}
		if kept > 0 {
			if err := s.keepMailLink(tx, id, tok); err != nil {
				return err
			}
		}
		return s.audit(ctx, tx, practitionerActor(pid), "link.reissue", "assignment", id)
	})
	if err != nil {
		return nil, "", fmt.Errorf("store: reissue link: %w", err)
	}
	a.LinkExpiresAt, a.LinkRevokedAt, a.LinkTokenHash = exp, nil, HashToken(tok)
	return a, tok, nil
}

// CancelAssignment cancels an assignment not yet submitted; its link dies.
func (s *Store) CancelAssignment(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var a Assignment
		if err := tx.Where("id = ? AND practitioner_id = ?", id, pid).First(&a).Error; err != nil {
			return notFound("assignment", err)
		}
		if a.Status == StatusSubmitted || a.Status == StatusReviewed {
			return fmt.Errorf("%w: a submitted assignment cannot be cancelled", ErrConflict)
		}
		if err := tx.Model(&Assignment{}).Where("id = ? AND practitioner_id = ?", id, pid).
			Updates(map[string]any{"status": StatusCancelled, "link_revoked_at": s.now(), "updated_at": s.now()}).Error; err != nil {
			return err
		}
		if err := tx.Where("assignment_id = ?", id).Delete(&FillSession{}).Error; err != nil {
			return err
		}
		if err := dropMailLinks(tx, []string{id}); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "assignment.cancel", "assignment", id)
	})
}

// MarkReviewed moves a submitted assignment to reviewed; while a high
// flag is open (not acknowledged, not withdrawn) it is ErrHighFlagOpen. Its
// link ends: the client then sees only "this link is no longer active".
func (s *Store) MarkReviewed(ctx context.Context, pid, id string) error {
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		var a Assignment
		if err := tx.Select("id", "status").Where("id = ? AND practitioner_id = ?", id, pid).First(&a).Error; err != nil {
			return notFound("assignment", err)
		}
		if a.Status == StatusSubmitted {
			if open, err := highFlagOpen(tx, id); err != nil {
				return err
			} else if open {
				return ErrHighFlagOpen
			}
		}
		res := tx.Model(&Assignment{}).Where("id = ? AND practitioner_id = ? AND status = ?", id, pid, StatusSubmitted).
			Updates(map[string]any{"status": StatusReviewed, "reviewed_at": s.now(), "updated_at": s.now(), "link_revoked_at": s.now()})
		if res.Error != nil {
			return fmt.Errorf("store: mark reviewed: %w", res.Error)
		}
		if res.RowsAffected == 0 {
			return fmt.Errorf("%w: only a submitted assignment can be marked reviewed", ErrConflict)
		}
		// Reviewed work is done: its link ends, and the client's open pages with it.
		if err := tx.Where("assignment_id = ?", id).Delete(&FillSession{}).Error; err != nil {
			return fmt.Errorf("store: mark reviewed: %w", err)
		}
		return s.audit(ctx, tx, practitionerActor(pid), "assignment.review", "assignment", id)
	})
}
