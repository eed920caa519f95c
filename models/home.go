package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// A client's own page: one private link per client (/c/<token>) that lists
// the client's open worksheets and what they sent. It follows the rules of
// assignment links: 256-bit token, only its hash stored, exchanged for a
// session cookie, revocable and re-issuable (a new link ends the old one and
// every session made from it).

// IssueHomeLink gives one of pid's clients a new own-page link and returns
// the raw token (shown once, never stored). An earlier link stops at once,
// with its sessions and the worksheet pages entered from them. An archived
// client gets ErrConflict.
func (s *Store) IssueHomeLink(ctx context.Context, pid, clientID string) (string, error) {
	cl, err := s.ClientByID(ctx, pid, clientID)
	if err != nil {
		return "", err
	}
	if cl.ArchivedAt != nil {
		return "", fmt.Errorf("%w: this client is archived; restore them first", ErrConflict)
	}
	tok, err := NewToken()
	if err != nil {
		return "", err
	}
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := endHome(tx, clientID); err != nil {
			return err
		}
		// Two issues at once: the later write wins, and only its link opens.
		l := HomeLink{ClientID: clientID, PractitionerID: pid, TokenHash: HashToken(tok), CreatedAt: s.now()}
		if err := tx.Clauses(clause.OnConflict{Columns: []clause.Column{{Name: "client_id"}},
			DoUpdates: clause.AssignmentColumns([]string{"token_hash", "created_at"})}).Create(&l).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "home.issue", "client", clientID)
	})
	if err != nil {
		return "", fmt.Errorf("store: issue home link: %w", err)
	}
	return tok, nil
}

// RevokeHomeLink turns off one of pid's clients' own page: the link, its
// sessions and the worksheet pages entered from them stop at once. Turning
// off a page that is off changes nothing and is not an error.
func (s *Store) RevokeHomeLink(ctx context.Context, pid, clientID string) error {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return err
	}
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Where("client_id = ? AND practitioner_id = ?", clientID, pid).Delete(&HomeLink{})
		if res.Error != nil || res.RowsAffected == 0 {
			return res.Error
		}
		if err := endHome(tx, clientID); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "home.revoke", "client", clientID)
	})
	if err != nil {
		return fmt.Errorf("store: revoke home link: %w", err)
	}
	return nil
}

// endHome deletes a client's own-page link, its sessions and the fill
// sessions entered from them, inside tx.
func endHome(tx *gorm.DB, clientID string) error {
	// Every worksheet page of this client entered from their own page,
	// also one whose own-page session has already ended.
	theirs := tx.Model(&Assignment{}).Select("id").Where("client_id = ?", clientID)
	if err := tx.Where("home_session <> '' AND assignment_id IN (?)", theirs).Delete(&FillSession{}).Error; err != nil {
		return err
	}
	if err := tx.Where("client_id = ?", clientID).Delete(&HomeSession{}).Error; err != nil {
		return err
	}
	return tx.Where("client_id = ?", clientID).Delete(&HomeLink{}).Error
}

// HomeLinkOf returns since when one of pid's clients' own page has been on
// (the current link's creation), or nil when it is off.
func (s *Store) HomeLinkOf(ctx context.Context, pid, clientID string) (*time.Time, error) {
	if _, err := s.ClientByID(ctx, pid, clientID); err != nil {
		return nil, err
	}
	on, err := s.HomePagesSince(ctx, pid, []string{clientID})
	if err != nil {
		return nil, err
	}
	if since, ok := on[clientID]; ok {
		return &since, nil
	}
	return nil, nil
}

// HomePagesSince returns, for those of pid's clients ids whose own page is
// on, since when (the current link's creation); another practitioner's
// clients are never in it.
func (s *Store) HomePagesSince(ctx context.Context, pid string, ids []string) (map[string]time.Time, error) {
	out := map[string]time.Time{}
	if len(ids) == 0 {
		return out, nil
	}
	var ls []HomeLink
	if err := s.read(ctx).Select("client_id", "created_at").Where("practitioner_id = ? AND client_id IN ?", pid, ids).Find(&ls).Error; err != nil {
		return nil, fmt.Errorf("store: home links: %w", err)
	}
	for _, l := range ls {
		out[l.ClientID] = l.CreatedAt
	}
	return out, nil
}

// HomePageOn reports whether one of pid's clients has their own page on
// (an invitation can then point to it). Another practitioner's client is
// ErrNotFound.
func (s *Store) HomePageOn(ctx context.Context, pid, clientID string) (bool, error) {
	since, err := s.HomeLinkOf(ctx, pid, clientID)
	return since != nil, err
}

// ClientByHomeLink resolves a raw own-page token to its client id; an
// unknown, re-issued or revoked token, or one of an archived client, is
// ErrNotFound.
func (s *Store) ClientByHomeLink(ctx context.Context, token string) (string, error) {
	if token == "" || len(token) > 100 {
		return "", ErrNotFound
	}
	var l HomeLink
	err := s.ctx(ctx).Where("token_hash = ?", HashToken(token)).
		Where("EXISTS (SELECT 1 FROM clients WHERE clients.id = home_links.client_id AND clients.practitioner_id = home_links.practitioner_id AND clients.archived_at IS NULL)").
		First(&l).Error
	if err != nil {
		return "", notFound("home link", err)
	}
	return l.ClientID, nil
}

// CreateHomeSession starts a client's browser session on their own page,
// bound to the link token it was opened with.
func (s *Store) CreateHomeSession(ctx context.Context, clientID, linkToken string) (string, error) {
	tok, err := NewToken()
	if err != nil {
		return "", err
	}
	csrf, err := NewToken()
	if err != nil {
		return "", err
	}
	now := s.now()
	hs := &HomeSession{TokenHash: HashToken(tok), ClientID: clientID, LinkHash: HashToken(linkToken), CSRFToken: csrf, CreatedAt: now, LastSeenAt: now}
	if err := s.ctx(ctx).Create(hs).Error; err != nil {
		return "", fmt.Errorf("store: create home session: %w", err)
	}
	return tok, nil
}

// HomeSessionByToken resolves a client's own-page cookie. The session dies
// when idle too long, after FillSessionMax, or when the link it came from
// is no longer the client's current one.
func (s *Store) HomeSessionByToken(ctx context.Context, tok string, idle time.Duration) (*HomeSession, error) {
	var hs HomeSession
	if err := s.ctx(ctx).Where("token_hash = ?", HashToken(tok)).First(&hs).Error; err != nil {
		return nil, notFound("home session", err)
	}
	now := s.now()
	if now.Sub(hs.LastSeenAt) > idle || now.Sub(hs.CreatedAt) > FillSessionMax {
		s.ctx(ctx).Where("token_hash = ?", hs.TokenHash).Delete(&HomeSession{})
		return nil, ErrNotFound
	}
	var n int64
	if err := s.ctx(ctx).Model(&HomeLink{}).Where("client_id = ? AND token_hash = ?", hs.ClientID, hs.LinkHash).Count(&n).Error; err != nil {
		return nil, fmt.Errorf("store: home session: %w", err)
	}
	if n == 0 {
		return nil, ErrNotFound
	}
	if now.Sub(hs.LastSeenAt) > time.Minute {
		s.ctx(ctx).Model(&HomeSession{}).Where("token_hash = ?", hs.TokenHash).Update("last_seen_at", now)
	}
	return &hs, nil
}

// HomeOpenable returns the id of an assignment a client may enter from
// their own page: it is theirs (same client, and given by the practitioner
// the client belongs to) and its link is live (not cancelled, revoked,
// expired or reviewed). Anything else is ErrNotFound.
func (s *Store) HomeOpenable(ctx context.Context, clientID, assignmentID string) (string, error) {
	var a Assignment
	err := s.linkLive(s.ctx(ctx).Select("id")).
		Where("id = ? AND client_id = ?", assignmentID, clientID).
		Where("practitioner_id = (SELECT practitioner_id FROM clients WHERE clients.id = ? AND clients.archived_at IS NULL)", clientID).
		First(&a).Error
	if err != nil {
		return "", notFound("assignment", err)
	}
	return a.ID, nil
}
