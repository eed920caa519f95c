package models

import (
	"context"
	"sync"
)

// draftGroupMax bounds the autosaves one commit carries.
const draftGroupMax = 64

// draftGroup commits concurrent usual autosaves (draftUpdateSQL) on
// SQLite together: one transaction, one fsync (synchronous=FULL) for all
// the saves waiting at that moment, instead of one each on the one write
// connection. Every save is answered only after the commit that carries
// it; a commit that fails answers every save in it with the error, so
// nothing is acknowledged that is not on disk, and a save that fails on
// its own (its statement errs) is run again alone, so it cannot fail the
// others.
//
// There is no goroutine of its own: the first save to arrive leads, runs
// a commit of everything waiting (itself included), and hands the lead
// to the first save that arrived meanwhile. Alone, a save is one
// statement in autocommit, as before. PostgreSQL (a pool of connections,
// and commits that share a WAL flush) does not use it.
type draftGroup struct {
	mu      sync.Mutex
	waiting []*groupedDraft
	leading bool
}

// groupedDraft is one save waiting in a draftGroup. done receives true
// when its save is committed (n, err set), or false when it is to lead
// the next commit.
type groupedDraft struct {
	args []any
	n    int64
	err  error
	done chan bool
}

// draftExec runs draftUpdateSQL with args and returns how many rows it
// changed: grouped with concurrent saves on SQLite, alone otherwise.
func (s *Store) draftExec(ctx context.Context, args ...any) (int64, error) {
	if s.db.Dialector.Name() != "sqlite" {
		return s.prep.exec(ctx, s.db, draftUpdateSQL, args...)
	}
	g := &s.drafts
	p := &groupedDraft{args: args, done: make(chan bool, 1)}
	g.mu.Lock()
	g.waiting = append(g.waiting, p)
	lead := !g.leading
	g.leading = true
	g.mu.Unlock()
	for !lead {
		if saved := <-p.done; saved {
			return p.n, p.err
		}
		lead = true
	}
	// Leading: commit what waits (this save first), then hand over.
	g.mu.Lock()
	n := min(len(g.waiting), draftGroupMax)
	batch := g.waiting[:n:n]
	g.waiting = g.waiting[n:]
	g.mu.Unlock()
	// Handed over even if the commit panics: a save answered with no
	// row changed and no error takes the full way (saveDraftTx), which
	// reads again, so nothing waits forever and nothing is lost.
	defer g.handOver(p, batch)
	// One client leaving must not fail the others' saves.
	s.commitDrafts(context.WithoutCancel(ctx), batch)
	return p.n, p.err
}

// handOver gives the lead to the first save that arrived during leader's
// commit (or ends the lead) and answers the rest of batch.
func (g *draftGroup) handOver(leader *groupedDraft, batch []*groupedDraft) {
	g.mu.Lock()
	if len(g.waiting) > 0 {
		g.waiting[0].done <- false
	} else {
		g.leading = false
		g.waiting = nil
	}
	g.mu.Unlock()
	for _, q := range batch {
		if q != leader {
			q.done <- true
		}
	}
}

// commitDrafts runs each save of batch, in one transaction when there are
// several.
func (s *Store) commitDrafts(ctx context.Context, batch []*groupedDraft) {
	alone := func() {
		for _, p := range batch {
			p.n, p.err = s.prep.exec(ctx, s.db, draftUpdateSQL, p.args...)
		}
	}
	if len(batch) == 1 {
		alone()
		return
	}
	fail := func(err error) {
		for _, p := range batch {
			p.n, p.err = 0, err
		}
	}
	st, err := s.prep.stmt(ctx, s.db, draftUpdateSQL)
	if err != nil {
		fail(err)
		return
	}
	sqlDB, err := s.db.DB()
	if err != nil {
		fail(err)
		return
	}
	tx, err := sqlDB.BeginTx(ctx, nil)
	if err != nil {
		fail(err)
		return
	}
	defer tx.Rollback() // after a commit, nothing; the connection is freed in any case
	txst := tx.StmtContext(ctx, st)
	defer txst.Close()
	// Each save's count is given to it only once the commit is done: a
	// save must never read "saved" from a transaction that did not commit.
	ns := make([]int64, len(batch))
	for i, p := range batch {
		res, err := txst.ExecContext(ctx, p.args...)
		if err == nil {
			ns[i], err = res.RowsAffected()
		}
		if err != nil {
			// Which save failed, and whether the transaction still
			// stands, is not worth guessing: none of it commits, and
			// each save runs again on its own.
			tx.Rollback() // before alone(): it needs the connection
			alone()
			return
		}
	}
	if err := tx.Commit(); err != nil {
		fail(err)
		return
	}
	for i, p := range batch {
		p.n = ns[i]
	}
}
