package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// LinkFlashTTL is how long a new link waits for the page that shows it.
const LinkFlashTTL = 15 * time.Minute

func linkFlashAAD(id string) string { return "link_flashes.token|" + id }

// PutLinkFlash keeps a new link token, encrypted, for one page view by the
// session whose token hash is sessionHash (post/redirect/get). A newer
// flash for the same assignment replaces an older one.
func (s *Store) PutLinkFlash(ctx context.Context, pid, sessionHash, assignmentID, token string, reissued bool) error {
	f := LinkFlash{ID: newID(), SessionHash: sessionHash, PractitionerID: pid, AssignmentID: assignmentID,
		Reissued: reissued, CreatedAt: s.now()}
	enc, err := s.crypt.Encrypt([]byte(token), linkFlashAAD(f.ID))
	if err != nil {
		return err
	}
	f.TokenEnc = enc
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Where("session_hash = ? AND assignment_id = ?", sessionHash, assignmentID).Delete(&LinkFlash{}).Error; err != nil {
			return err
		}
		return tx.Create(&f).Error
	})
	if err != nil {
		return fmt.Errorf("store: put link flash: %w", err)
	}
	return nil
}

// TakeLinkFlash returns the waiting link token for this session and
// assignment and deletes it, so only the first view shows it; ErrNotFound
// when there is none (already shown, too old, another session).
func (s *Store) TakeLinkFlash(ctx context.Context, pid, sessionHash, assignmentID string) (token string, reissued bool, err error) {
	var f LinkFlash
	err = s.ctx(ctx).Where("session_hash = ? AND practitioner_id = ? AND assignment_id = ? AND created_at > ?",
		sessionHash, pid, assignmentID, s.now().Add(-LinkFlashTTL)).First(&f).Error
	if err != nil {
		return "", false, notFound("link flash", err)
	}
	// Two views at once: only the one whose delete removed the row shows it.
	res := s.ctx(ctx).Where("id = ?", f.ID).Delete(&LinkFlash{})
	if res.Error != nil {
		return "", false, fmt.Errorf("store: take link flash: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return "", false, ErrNotFound
	}
	pt, err := s.crypt.Decrypt(f.TokenEnc, linkFlashAAD(f.ID))
	if err != nil {
		return "", false, err
	}
	return string(pt), f.Reissued, nil
}
