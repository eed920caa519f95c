package models

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/ncruces/go-sqlite3/gormlite"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// Open connects to the database named by url ("sqlite:PATH" or
// "postgres://…"). SQLite runs in WAL mode with a busy timeout, foreign keys
// and synchronous=FULL on one connection, so every acknowledged write is on
// disk and writers never fight over the lock.
func Open(dbURL string) (*gorm.DB, error) {
	cfg := &gorm.Config{
		TranslateError: true,
		// The logger would print SQL with answer text interpolated: keep it silent.
		Logger:  logger.Default.LogMode(logger.Silent),
		NowFunc: func() time.Time { return time.Now().UTC() },
	}
	var dial gorm.Dialector
	sqlite := false
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(dbURL, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("db: sqlite URL needs a path, e.g. sqlite:tend.db")
		}
		q := url.Values{}
		// secure_delete: deleted rows are overwritten, so an erased client
		// leaves no copy in free pages of the file.
		for _, p := range []string{"busy_timeout(10000)", "journal_mode(wal)", "foreign_keys(on)", "synchronous(full)", "secure_delete(on)"} {
			q.Add("_pragma", p)
		}
		q.Set("_txlock", "immediate")
		dsn := "file:" + path + "?" + q.Encode()
		if path == ":memory:" {
			dsn = "file::memory:?" + q.Encode()
		}
		dial = gormlite.Open(dsn)
		sqlite = true
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		dial = postgres.Open(withConnectTimeout(dbURL))
	default:
		return nil, fmt.Errorf("db: unsupported database URL (want sqlite:PATH or postgres://…)")
	}
	db, err := gorm.Open(dial, cfg)
	// Instances opening a new SQLite file at once race to switch it to WAL,
	// and SQLite answers the loser "busy" without waiting (to avoid a
	// deadlock): try again for as long as the busy timeout.
	for end := time.Now().Add(10 * time.Second); sqlite && busy(err) && time.Now().Before(end); {
		if db != nil {
			if sqlDB, derr := db.DB(); derr == nil {
				sqlDB.Close()
			}
		}
		time.Sleep(20 * time.Millisecond)
		db, err = gorm.Open(dial, cfg)
	}
	if err != nil {
		return nil, fmt.Errorf("db: open: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("db: pool: %w", err)
	}
	if sqlite {
		// One connection: SQLite allows one writer; a single connection removes
		// SQLITE_BUSY under parallel writes and keeps :memory: databases whole.
		sqlDB.SetMaxOpenConns(1)
		sqlDB.SetConnMaxLifetime(0)
	} else {
		sqlDB.SetMaxOpenConns(20)
		sqlDB.SetMaxIdleConns(5)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	return db, nil
}

// withConnectTimeout adds connect_timeout=5 (seconds) to a PostgreSQL URL
// that sets none: a host that accepts but never answers then fails a
// connection attempt instead of holding it forever.
func withConnectTimeout(dbURL string) string {
	u, err := url.Parse(dbURL)
	if err != nil || u.Query().Has("connect_timeout") {
		return dbURL
	}
	q := u.Query()
	q.Set("connect_timeout", "5")
	u.RawQuery = q.Encode()
	return u.String()
}

// busy reports a SQLite "database is locked" error (Temporary, in the driver).
func busy(err error) bool {
	var t interface{ Temporary() bool }
	return errors.As(err, &t) && t.Temporary()
}

// IsSQLite reports whether db is the embedded SQLite.
func IsSQLite(db *gorm.DB) bool { return db.Dialector.Name() == "sqlite" }
