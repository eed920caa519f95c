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

// gormConfig is every pool's GORM configuration. prepare turns on GORM's
// prepared statements (each distinct statement parsed once per connection,
// a bounded cache): only for a pool no transaction runs on, as GORM's
// statement cache can deadlock a pool whose every connection is held by a
// transaction waiting for a statement another caller is preparing (one
// connection: at once).
func gormConfig(prepare bool) *gorm.Config {
	return &gorm.Config{
		TranslateError: true,
		// The logger would print SQL with answer text interpolated: keep it silent.
		Logger:             logger.Default.LogMode(logger.Silent),
		NowFunc:            func() time.Time { return time.Now().UTC() },
		PrepareStmt:        prepare,
		PrepareStmtMaxSize: 500,
	}
}

// sqliteDSN is the driver's name for a SQLite file with pragmas.
func sqliteDSN(path string, pragmas []string, txlock string) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	q.Set("_txlock", txlock)
	if path == ":memory:" {
		return "file::memory:?" + q.Encode()
	}
	return "file:" + path + "?" + q.Encode()
}

// Open connects to the database named by url ("sqlite:PATH" or
// "postgres://…"). SQLite runs in WAL mode with a busy timeout, foreign keys
// and synchronous=FULL on one connection, so every acknowledged write is on
// disk and writers never fight over the lock; OpenReader adds the pool
// that reads beside it.
func Open(dbURL string) (*gorm.DB, error) {
	cfg := gormConfig(false)
	var dial gorm.Dialector
	sqlite := false
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(dbURL, "sqlite:")
		if path == "" {
			return nil, fmt.Errorf("db: sqlite URL needs a path, e.g. sqlite:tend.db")
		}
		// secure_delete: deleted rows are overwritten, so an erased client
		// leaves no copy in free pages of the file.
		dial = gormlite.Open(sqliteDSN(path, []string{"busy_timeout(10000)", "journal_mode(wal)", "foreign_keys(on)", "synchronous(full)", "secure_delete(on)"}, "immediate"))
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
		// As many idle as open: under a burst (clients autosaving while a
		// practitioner reloads Today) a connection returned to a full idle
		// list is closed and the next request opens one again, and each new
		// PostgreSQL connection starts a backend and re-prepares its
		// statements on a server that shares the CPU. Idle ones close after
		// five quiet minutes.
		sqlDB.SetMaxOpenConns(pgConns)
		sqlDB.SetMaxIdleConns(pgConns)
		sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	}
	return db, nil
}

// pgConns is the size of the PostgreSQL pool.
const pgConns = 20

// readers is the size of SQLite's read pool.
const readers = 4

// OpenReader opens, for a SQLite file already opened (and so in WAL mode)
// by Open, a pool of read-only connections (query_only) beside the one
// writer: in WAL mode readers never wait for the writer, nor it for them,
// so a long list does not hold up a client's autosave. Each read sees
// every transaction committed before it began. For PostgreSQL and
// in-memory SQLite it returns nil: the one pool serves both.
func OpenReader(dbURL string) (*gorm.DB, error) {
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !ok || path == "" || path == ":memory:" {
		return nil, nil
	}
	db, err := gorm.Open(gormlite.Open(sqliteDSN(path, []string{"busy_timeout(10000)", "query_only(1)"}, "deferred")), gormConfig(true))
	if err != nil {
		return nil, fmt.Errorf("db: open readers: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("db: readers: %w", err)
	}
	sqlDB.SetMaxOpenConns(readers)
	sqlDB.SetMaxIdleConns(readers)
	sqlDB.SetConnMaxLifetime(0)
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
