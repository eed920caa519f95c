package models

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"

	"gorm.io/gorm"
)

// Backup writes a consistent, checkpointed copy of a live SQLite database
// to dest with VACUUM INTO and checks the copy's integrity. The copy holds
// everything the database does, so it is created readable by its owner
// only (0600), and an existing file is never overwritten.
func Backup(ctx context.Context, db *gorm.DB, dest string) error {
	if !IsSQLite(db) {
		return fmt.Errorf("backup: only for SQLite; use pg_dump for PostgreSQL")
	}
	// VACUUM INTO accepts an empty file: make it first, private and new.
	f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("backup: %s already exists; a backup never overwrites a file, so name a new one", dest)
	}
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	f.Close()
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", dest).Error; err != nil {
		os.Remove(dest)
		return fmt.Errorf("backup: %w", err)
	}
	copyDB, err := Open("sqlite:" + dest)
	if err != nil {
		return err
	}
	defer func() {
		if s, err := copyDB.DB(); err == nil {
			s.Close()
		}
	}()
	var res string
	if err := copyDB.Raw("PRAGMA integrity_check").Scan(&res).Error; err != nil {
		return fmt.Errorf("backup: check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("backup: integrity check of the copy said %q", res)
	}
	return nil
}
