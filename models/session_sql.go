package models

import (
	"context"
	"database/sql"
	"fmt"
)

// Every signed-in page and API call resolves its session or token first:
// that read runs as the store's own prepared statement (prepared.go),
// the credential and its active account in one row, scanned column by
// column (as the client's pages are, fillpage_sql.go).
const (
	// practitionerColumns are every column of practitioners p, in the
	// order practitionerScan.dest lists them (TestPractitionerColumns
	// checks none is missing).
	practitionerColumns = "p.id, p.email, p.name, p.password_hash, p.role, p.time_zone, p.must_change_password, p.response_time, " +
		"p.crisis_text, p.totp_secret_enc, p.totp_enabled_at, p.totp_last_step, p.mail_show_name, p.remind_before, " +
		"p.remind_overdue, p.mail_digest, p.disabled_at, p.created_at, p.updated_at"

	sessionByHash = "SELECT " + practitionerColumns + ", s.csrf_token, s.created_at, s.last_seen_at, s.second_factor_at, s.passkey_state, " +
		"COALESCE((SELECT ts.n FROM today_stamps ts WHERE ts.practitioner_id = p.id), 0) " +
		"FROM sessions s JOIN practitioners p ON p.id = s.practitioner_id AND p.disabled_at IS NULL WHERE s.token_hash = $1"
	apiTokenByHash = "SELECT " + practitionerColumns + ", t.id, t.last_used_at " +
		"FROM api_tokens t JOIN practitioners p ON p.id = t.practitioner_id AND p.disabled_at IS NULL " +
		"WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND t.expires_at > $2"
)

// practitionerScan holds a practitioner's nullable columns while scanned.
type practitionerScan struct{ totpEnabled, disabled sql.NullTime }

// dest lists where practitionerColumns go, in order.
func (sc *practitionerScan) dest(p *Practitioner) []any {
	return []any{&p.ID, &p.Email, &p.Name, &p.PasswordHash, &p.Role, &p.TimeZone, &p.MustChangePassword, &p.ResponseTime,
		&p.CrisisText, &p.TOTPSecretEnc, &sc.totpEnabled, &p.TOTPLastStep, &p.MailShowName, &p.RemindBefore,
		&p.RemindOverdue, &p.MailDigest, &sc.disabled, &p.CreatedAt, &p.UpdatedAt}
}

// done moves the scanned nullable columns into p.
func (sc *practitionerScan) done(p *Practitioner) {
	p.TOTPEnabledAt, p.DisabledAt = timeOrNil(sc.totpEnabled), timeOrNil(sc.disabled)
}

// readSession reads the session of token hash h, its active account and
// the account's Today stamp.
func (s *Store) readSession(ctx context.Context, h string) (*Session, *Practitioner, error) {
	row, err := s.prep.row(ctx, s.rdb, sessionByHash, h)
	if err != nil {
		return nil, nil, fmt.Errorf("store: session: %w", err)
	}
	var p Practitioner
	var ps practitionerScan
	sess := Session{TokenHash: h}
	var second sql.NullTime
	if err := row.Scan(append(ps.dest(&p), &sess.CSRFToken, &sess.CreatedAt, &sess.LastSeenAt, &second, &sess.PasskeyState, &sess.TodayStamp)...); err != nil {
		return nil, nil, scanErr("session", err)
	}
	ps.done(&p)
	sess.PractitionerID, sess.SecondFactorAt = p.ID, timeOrNil(second)
	return &sess, &p, nil
}

// readAPIToken reads the live API token of hash h (its id and when it was
// last used) and its active account.
func (s *Store) readAPIToken(ctx context.Context, h string) (id string, lastUsed sql.NullTime, p *Practitioner, err error) {
	row, err := s.prep.row(ctx, s.rdb, apiTokenByHash, h, s.now())
	if err != nil {
		return "", lastUsed, nil, fmt.Errorf("store: api token: %w", err)
	}
	p = &Practitioner{}
	var ps practitionerScan
	if err := row.Scan(append(ps.dest(p), &id, &lastUsed)...); err != nil {
		return "", lastUsed, nil, scanErr("api token", err)
	}
	ps.done(p)
	return id, lastUsed, p, nil
}
