package models

import (
	"context"
	"fmt"

	"gorm.io/gorm"
)

// Backup writes a consistent, checkpointed copy of a live SQLite database
// to dest with VACUUM INTO and checks the copy's integrity.
func Backup(ctx context.Context, db *gorm.DB, dest string) error {
	if !IsSQLite(db) {
		return fmt.Errorf("backup: only for SQLite; use pg_dump for PostgreSQL")
	}
	if err := db.WithContext(ctx).Exec("VACUUM INTO ?", dest).Error; err != nil {
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
