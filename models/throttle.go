package models

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"
)

// RateReserve takes one attempt in bucket atomically, so the limit holds
// under any concurrency and across instances: under a lock on the bucket
// (PostgreSQL: a transaction advisory lock; SQLite: its single writer) it
// counts the events of the last window, asks wait how long this attempt
// must still wait given that count and the latest event, and only when
// wait says 0 records the attempt in the same transaction. It returns the
// recorded event's id (for RateRelease) or how long to wait.
func (s *Store) RateReserve(ctx context.Context, bucket string, window time.Duration, wait func(n int64, last time.Time) time.Duration) (uint, time.Duration, error) {
	now := s.now()
	var id uint
	var d time.Duration
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if !IsSQLite(tx) {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))", bucket).Error; err != nil {
				return err
			}
		}
		var n int64
		q := tx.Model(&RateEvent{}).Where("bucket = ? AND created_at > ?", bucket, now.Add(-window))
		if err := q.Count(&n).Error; err != nil {
			return err
		}
		// Release and clear take no lock: events counted a moment ago may
		// be gone now (a sign-in succeeded meanwhile), so finding none
		// here is no error; the wait then starts from nothing.
		var last RateEvent
		if n > 0 {
			if err := tx.Where("bucket = ? AND created_at > ?", bucket, now.Add(-window)).Order("created_at DESC").Limit(1).Find(&last).Error; err != nil {
				return err
			}
		}
		if d = wait(n, last.CreatedAt); d > 0 {
			return nil
		}
		ev := RateEvent{Bucket: bucket, CreatedAt: now}
		if err := tx.Create(&ev).Error; err != nil {
			return err
		}
		id = ev.ID
		return nil
	})
	if err != nil {
		return 0, 0, fmt.Errorf("store: rate reserve: %w", err)
	}
	return id, d, nil
}

// RateRelease gives back reserved attempts (a sign-in that succeeded, or
// one refused by a later limit).
func (s *Store) RateRelease(ctx context.Context, ids ...uint) error {
	if len(ids) == 0 {
		return nil
	}
	return s.ctx(ctx).Where("id IN ?", ids).Delete(&RateEvent{}).Error
}

// RateClear forgets every event of bucket (a sign-in succeeded: its
// progressive delay starts again from zero).
func (s *Store) RateClear(ctx context.Context, bucket string) error {
	return s.ctx(ctx).Where("bucket = ?", bucket).Delete(&RateEvent{}).Error
}

// RateTake records an event in bucket unless limit events already happened
// within the window, atomically (one transaction, locked per bucket on
// PostgreSQL), and reports whether it was recorded.
func (s *Store) RateTake(ctx context.Context, bucket string, window time.Duration, limit int64) (bool, error) {
	_, wait, err := s.RateReserve(ctx, bucket, window, func(n int64, _ time.Time) time.Duration {
		if n >= limit {
			return window
		}
		return 0
	})
	return err == nil && wait == 0, err
}
