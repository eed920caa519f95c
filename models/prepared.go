package models

import (
	"context"
	"database/sql"
	"fmt"
	"sync"

	"gorm.io/gorm"
)

// prepared is a store's own prepared statements, for the few statements
// of its hottest path (a client's autosave, see FillTarget and
// SaveDraftOnce): database/sql parses each once per connection (it
// prepares a statement on a connection the first time it runs there, and
// forgets it when the connection closes) instead of on every call.
//
// GORM's statement cache stays off on the write pool (see gormConfig): it
// prepares while holding a lock and waiting for a connection, so a
// transaction holding the only connection and needing that lock deadlocks.
// A database/sql statement holds no lock while it waits: Exec and Query
// take a connection first, like any query, and prepare on it. Preparing
// here (get) also waits for a connection with no lock held. The one rule:
// never run these statements, nor get one, inside a transaction of the
// same pool (its connection is taken). TestPreparedNoDeadlock checks it.
type prepared struct {
	mu    sync.Mutex
	stmts map[preparedKey]*sql.Stmt
	// ran, when set (tests only), sees the text of each statement run.
	ran func(query string)
}

type preparedKey struct {
	db    *sql.DB
	query string
}

// stmt is query prepared on pool, prepared on first use.
func (p *prepared) stmt(ctx context.Context, pool *gorm.DB, query string) (*sql.Stmt, error) {
	db, err := pool.DB()
	if err != nil {
		return nil, fmt.Errorf("store: pool: %w", err)
	}
	k := preparedKey{db, query}
	p.mu.Lock()
	st, ran := p.stmts[k], p.ran
	p.mu.Unlock()
	if ran != nil {
		ran(query)
	}
	if st != nil {
		return st, nil
	}
	// Prepared with no lock held: this waits for a connection.
	st, err = db.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("store: prepare: %w", err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if old := p.stmts[k]; old != nil {
		st.Close()
		return old, nil
	}
	if p.stmts == nil {
		p.stmts = map[preparedKey]*sql.Stmt{}
	}
	p.stmts[k] = st
	return st, nil
}

// exec runs query prepared on pool (outside any transaction) and returns
// how many rows it changed.
func (p *prepared) exec(ctx context.Context, pool *gorm.DB, query string, args ...any) (int64, error) {
	st, err := p.stmt(ctx, pool, query)
	if err != nil {
		return 0, err
	}
	res, err := st.ExecContext(ctx, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// row runs query prepared on pool (outside any transaction) for one row.
func (p *prepared) row(ctx context.Context, pool *gorm.DB, query string, args ...any) (*sql.Row, error) {
	st, err := p.stmt(ctx, pool, query)
	if err != nil {
		return nil, err
	}
	return st.QueryRowContext(ctx, args...), nil
}

// query runs query prepared on pool (outside any transaction) for rows;
// the caller closes them.
func (p *prepared) query(ctx context.Context, pool *gorm.DB, query string, args ...any) (*sql.Rows, error) {
	st, err := p.stmt(ctx, pool, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// close closes every statement (the store is closing).
func (p *prepared) close() {
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, st := range p.stmts {
		st.Close()
		delete(p.stmts, k)
	}
}
