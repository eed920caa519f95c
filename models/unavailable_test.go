package models_test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"syscall"
	"testing"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/ncruces/go-sqlite3"
	"github.com/tend-health/tend/models"
)

// TestUnavailable: outages (the request may succeed in a minute) are told
// apart from errors of the request itself.
func TestUnavailable(t *testing.T) {
	t.Parallel()
	wrap := func(err error) error { return fmt.Errorf("store: save draft: %w", err) }
	for _, c := range []struct {
		name string
		err  error
		want bool
	}{
		{"deadline", wrap(context.DeadlineExceeded), true},
		{"refused", wrap(&net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}), true},
		{"reset", wrap(syscall.ECONNRESET), true},
		{"sqlite full", wrap(sqlite3.FULL), true},
		{"sqlite disk I/O", wrap(sqlite3.IOERR), true},
		{"sqlite locked", wrap(sqlite3.BUSY), true},
		{"sqlite query cut by the request deadline", wrap(sqlite3.INTERRUPT), true},
		{"pg query cancelled (statement timeout)", wrap(&pgconn.PgError{Code: "57014"}), true},
		{"pg too many connections", wrap(&pgconn.PgError{Code: "53300"}), true},
		{"pg admin shutdown", wrap(&pgconn.PgError{Code: "57P01"}), true},
		{"pg unique violation", wrap(&pgconn.PgError{Code: "23505"}), false},
		{"sqlite constraint", wrap(sqlite3.CONSTRAINT), false},
		{"not found", wrap(models.ErrNotFound), false},
		{"conflict", wrap(models.ErrConflict), false},
		{"canceled by the client", wrap(context.Canceled), false},
		{"nil", nil, false},
		{"plain", errors.New("boom"), false},
	} {
		if got := models.Unavailable(c.err); got != c.want {
			t.Errorf("%s: Unavailable = %v, want %v", c.name, got, c.want)
		}
	}
}
