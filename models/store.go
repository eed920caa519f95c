package models

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"runtime"
	"time"

	"github.com/google/uuid"
	"gorm.io/gorm"
)

// Errors the store returns; handlers map them to statuses.
var (
	// ErrNotFound: no such object, or it belongs to someone else.
	ErrNotFound = errors.New("not found")
	// ErrConflict: a stale version or a state that forbids the change.
	ErrConflict = errors.New("conflict")
	// ErrInvalid: a value the store refuses (the message says which).
	ErrInvalid = errors.New("invalid")
)

// Store is the only way the rest of Tend reaches the database.
type Store struct {
	db *gorm.DB
	// rdb serves reads outside transactions: SQLite's read pool
	// (OpenReader), or db itself.
	rdb   *gorm.DB
	crypt *Crypter
	now   func() time.Time
	// links is the link policy of released assignments (SetLinkPolicy).
	links LinkPolicy
	// releaseHook, when set (tests only), runs inside each release's
	// transaction just before it commits.
	releaseHook func()
	defs        *defCache // parsed worksheet versions
	// checks bounds concurrent password verifications (see VerifyPassword).
	checks passwordChecks
	// mail says which outgoing messages events queue (SetMail).
	mail MailOptions
	// queue takes jobs enqueued inside transactions (see EnqueueTx).
	queue Enqueuer
	// prep holds the autosave's prepared statements.
	prep prepared
	// known holds the links FillTargetByLink resolved (SaveDraftByLink).
	known knownLinks
	// drafts groups concurrent autosaves into one commit (SQLite).
	drafts draftGroup
}

// NewStore wraps a migrated database. now may be nil (wall clock, UTC).
func NewStore(db *gorm.DB, crypt *Crypter, now func() time.Time) *Store {
	if now == nil {
		now = func() time.Time { return time.Now().UTC() }
	}
	s := &Store{db: db, rdb: db, crypt: crypt, now: func() time.Time { return now().UTC() }, defs: newDefCache()}
	s.LimitPasswordChecks(2*runtime.NumCPU(), 2*time.Second)
	// GORM's automatic created_at/updated_at follow the store's clock too.
	db.Config.NowFunc = s.now
	return s
}

// Now is the store's clock (frozen in tests).
func (s *Store) Now() time.Time { return s.now() }

// UseReader sends the store's reads outside transactions to r, a pool
// from OpenReader over the same database (nil: keep reading from the one
// pool). The store closes it.
func (s *Store) UseReader(r *gorm.DB) {
	if r != nil {
		r.Config.NowFunc = s.now
		s.rdb = r
	}
}

// Close closes the pools (SQLite checkpoints its WAL).
func (s *Store) Close() error {
	s.prep.close()
	if s.rdb != s.db {
		if sqlDB, err := s.rdb.DB(); err == nil {
			sqlDB.Close()
		}
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		return err
	}
	return sqlDB.Close()
}

// DB exposes the handle for tests and operations commands (backup); the
// HTTP layer never calls it.
func (s *Store) DB() *gorm.DB { return s.db }

// ctx is the writer: every write and every transaction.
func (s *Store) ctx(ctx context.Context) *gorm.DB { return s.db.WithContext(ctx) }

// read is for a read outside any transaction: it never waits for the writer.
func (s *Store) read(ctx context.Context) *gorm.DB { return s.rdb.WithContext(ctx) }

// newID returns a UUIDv7: opaque, unique, and ordered by creation time so
// cursors can page newest-first by id.
func newID() string { return uuid.Must(uuid.NewV7()).String() }

// NewToken returns 32 random bytes as base64url: a bearer secret.
func NewToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("token: random: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// HashToken is the SHA-256 (hex) of a bearer secret: all that is stored.
func HashToken(tok string) string {
	h := sha256.Sum256([]byte(tok))
	return hex.EncodeToString(h[:])
}

// notFound maps GORM's not-found to ErrNotFound and wraps other errors.
func notFound(op string, err error) error {
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return ErrNotFound
	}
	return fmt.Errorf("store: %s: %w", op, err)
}

// Page is a cursor page request: newest first, Limit rows after Cursor.
type Page struct {
	Cursor string
	Limit  int
}

func (p Page) limit() int {
	if p.Limit <= 0 || p.Limit > 100 {
		return 50
	}
	return p.Limit
}

// pageQuery applies a newest-first id cursor (keyset: rows after the
// cursor, never an offset) to q, reading one row more than the page.
func pageQuery(q *gorm.DB, p Page) *gorm.DB {
	if p.Cursor != "" {
		q = q.Where("id < ?", p.Cursor)
	}
	return q.Order("id DESC").Limit(p.limit() + 1)
}

// paginate runs a pageQuery and returns the page and the next cursor.
func paginate[T any](q *gorm.DB, p Page, id func(T) string) ([]T, string, error) {
	var rows []T
	if err := q.Find(&rows).Error; err != nil {
		return nil, "", err
	}
	next := ""
	if len(rows) > p.limit() {
		rows = rows[:p.limit()]
		next = id(rows[len(rows)-1])
	}
	return rows, next, nil
}

// Crypter returns the keyring (for operations such as restore drills).
func (s *Store) Crypter() *Crypter { return s.crypt }
