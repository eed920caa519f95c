package models

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"syscall"
	"time"

	"github.com/ncruces/go-sqlite3"
	"gorm.io/gorm"
)

// ErrUnavailable: the database cannot answer or take writes right now
// (down, hung past the deadline, locked, disk full, out of connections).
// Nothing was written; the same request may succeed in a minute.
var ErrUnavailable = errors.New("database unavailable")

// pgUnavailable are PostgreSQL SQLSTATEs of a server that cannot serve now:
// too many connections, admin/crash shutdown, cannot connect now, disk full,
// a query cancelled (statement timeout or the request deadline),
// out of memory, and the connection-exception class.
var pgUnavailable = map[string]bool{"53300": true, "57P01": true, "57P02": true, "57P03": true,
	"53100": true, "53200": true, "57014": true, "08000": true, "08001": true, "08003": true, "08004": true, "08006": true}

// Unavailable reports whether err means the database is unavailable rather
// than that the request was wrong: ErrUnavailable itself, a deadline, a
// refused, reset or dropped connection, SQLite locked beyond its busy
// timeout or full or failing to write, or a PostgreSQL outage code.
func Unavailable(err error) bool {
	if err == nil {
		return false
	}
	var pg interface{ SQLState() string }
	var ne net.Error
	switch {
	case errors.Is(err, ErrUnavailable), errors.Is(err, context.DeadlineExceeded),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, sqlite3.BUSY), errors.Is(err, sqlite3.LOCKED), errors.Is(err, sqlite3.INTERRUPT), errors.Is(err, sqlite3.FULL), errors.Is(err, sqlite3.IOERR):
		return true
	case errors.As(err, &pg):
		return pgUnavailable[pg.SQLState()]
	case errors.As(err, &ne):
		return true
	}
	// pgx reports a connection closed under it in words only.
	msg := err.Error()
	return strings.Contains(msg, "conn closed") || strings.Contains(msg, "failed to connect")
}

// errProbeDone rolls back the write probe's transaction.
var errProbeDone = errors.New("probe done")

// CheckWritable proves the database takes a write now: it inserts a setting
// large enough to need fresh pages (so a database that cannot grow shows)
// inside a transaction it rolls back, leaving nothing behind, then commits
// the time to a one-row heartbeat setting (a real commit reaches the disk).
// An outage is ErrUnavailable.
func (s *Store) CheckWritable(ctx context.Context) error {
	if err := s.probeGrowth(ctx); err != nil {
		return err
	}
	beat := Setting{Key: "readyz:heartbeat", Value: s.now().Format(time.RFC3339Nano)}
	if err := s.ctx(ctx).Save(&beat).Error; err != nil {
		return fmt.Errorf("%w: heartbeat: %w", ErrUnavailable, err)
	}
	return nil
}

func (s *Store) probeGrowth(ctx context.Context) error {
	key := "probe:" + newID()
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		if err := tx.Create(&Setting{Key: key, Value: strings.Repeat("p", 3*8192)}).Error; err != nil {
			return err
		}
		return errProbeDone
	})
	if errors.Is(err, errProbeDone) {
		return nil
	}
	return fmt.Errorf("%w: write probe: %w", ErrUnavailable, err)
}
