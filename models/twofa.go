package models

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/base32"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/totp"
	"gorm.io/gorm"
)

// Second factors: a TOTP authenticator app (RFC 6238: SHA-1, 6 digits,
// 30-second steps, one step of clock skew either way) and ten one-time
// recovery codes. The secret is encrypted with the row as additional data;
// recovery codes are kept as SHA-256 hashes (they are 50-bit random
// secrets, like link tokens, so a slow hash adds nothing).

const (
	totpPeriod = 30
	totpSkew   = 1
	// RecoveryCodeCount is how many recovery codes an enrolment makes.
	RecoveryCodeCount = 10
)

var totpOpts = totp.ValidateOpts{Period: totpPeriod, Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

// b32 is RFC 4648 base32 without padding, as authenticator apps expect.
var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

func totpAAD(pid string) string { return "practitioners.totp_secret|" + pid }

// TOTPURL is the otpauth:// address an authenticator app reads from the QR
// code: issuer and account name it for the person, secret is base32.
func TOTPURL(issuer, account, secret string) string {
	q := url.Values{}
	q.Set("secret", secret)
	q.Set("issuer", issuer)
	q.Set("algorithm", "SHA1")
	q.Set("digits", "6")
	q.Set("period", "30")
	label := url.PathEscape(issuer) + ":" + url.PathEscape(account)
	return "otpauth://totp/" + label + "?" + q.Encode()
}

// TOTPCode is the code of secret at t (tests act as the authenticator app).
func TOTPCode(secret string, t time.Time) (string, error) {
	return totp.GenerateCodeCustom(secret, t, totpOpts)
}

// normalizeCode drops spaces and dashes and lower-cases what was typed.
func normalizeCode(code string) string {
	return strings.ToLower(strings.NewReplacer(" ", "", "-", "", "\t", "").Replace(strings.TrimSpace(code)))
}

func isTOTPCode(code string) bool {
	if len(code) != 6 {
		return false
	}
	for _, r := range code {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// matchStep returns the time step at now (± skew) whose code is code and
// that is later than last, the step of the last code accepted.
func matchStep(secret, code string, now time.Time, last int64) (int64, bool) {
	cur := now.Unix() / totpPeriod
	for s := cur - totpSkew; s <= cur+totpSkew; s++ {
		if s <= last {
			continue
		}
		want, err := TOTPCode(secret, time.Unix(s*totpPeriod, 0))
		if err == nil && subtle.ConstantTimeCompare([]byte(want), []byte(code)) == 1 {
			return s, true
		}
	}
	return 0, false
}

// TOTPEnrolment returns the secret waiting for its first code, making one
// when none waits. ErrConflict: a second factor is already on.
func (s *Store) TOTPEnrolment(ctx context.Context, pid string) (string, error) {
	p, err := s.PractitionerByID(ctx, pid)
	if err != nil {
		return "", err
	}
	if p.TOTPEnabledAt != nil {
		return "", ErrConflict
	}
	if p.TOTPSecretEnc != "" {
		sec, err := s.crypt.Decrypt(p.TOTPSecretEnc, totpAAD(pid))
		if err != nil {
			return "", fmt.Errorf("store: totp secret: %w", err)
		}
		return string(sec), nil
	}
	raw := make([]byte, 20)
	if _, err := rand.Read(raw); err != nil {
		return "", fmt.Errorf("store: totp secret: %w", err)
	}
	secret := b32.EncodeToString(raw)
	enc, err := s.crypt.Encrypt([]byte(secret), totpAAD(pid))
	if err != nil {
		return "", err
	}
	// Only when nothing waits yet: two tabs opening enrolment at once end
	// with the one secret both then show.
	res := s.ctx(ctx).Model(&Practitioner{}).Where("id = ? AND totp_secret_enc = '' AND totp_enabled_at IS NULL", pid).
		Update("totp_secret_enc", enc)
	if res.Error != nil {
		return "", fmt.Errorf("store: totp enrolment: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return s.TOTPEnrolment(ctx, pid)
	}
	return secret, nil
}

// ConfirmTOTP switches the second factor on when code is right for the
// waiting secret, and returns the recovery codes to show once. A wrong
// code is a "code" problem; nothing waiting is ErrConflict.
func (s *Store) ConfirmTOTP(ctx context.Context, pid, code string) ([]string, error) {
	p, err := s.PractitionerByID(ctx, pid)
	if err != nil {
		return nil, err
	}
	if p.TOTPEnabledAt != nil || p.TOTPSecretEnc == "" {
		return nil, ErrConflict
	}
	sec, err := s.crypt.Decrypt(p.TOTPSecretEnc, totpAAD(pid))
	if err != nil {
		return nil, fmt.Errorf("store: totp secret: %w", err)
	}
	step, ok := matchStep(string(sec), normalizeCode(code), s.now(), 0)
	if !ok {
		return nil, invalid("code", "does not match; enter the 6 digits your app shows now")
	}
	var codes []string
	err = s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Practitioner{}).Where("id = ? AND totp_enabled_at IS NULL AND totp_secret_enc = ?", pid, p.TOTPSecretEnc).
			Updates(map[string]any{"totp_enabled_at": s.now(), "totp_last_step": step})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrConflict
		}
		if codes, err = s.replaceRecoveryCodes(tx, pid); err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), "2fa.enable", "practitioner", pid)
	})
	if err != nil {
		return nil, wrapUnlessSentinel("confirm totp", err)
	}
	return codes, nil
}

// UseSecondFactor checks a code typed at sign-in (or before a sensitive
// step) for the account pid: six digits are an authenticator code, which
// is accepted once (its step is recorded in the same statement that
// checks it is newer than the last); anything else is a recovery code,
// marked used by one conditional update, so of several uses at once
// exactly one succeeds. A wrong or used code is ErrNotFound. recovery
// reports that a recovery code was used (audited).
func (s *Store) UseSecondFactor(ctx context.Context, pid, code string) (recovery bool, err error) {
	p, err := s.PractitionerByID(ctx, pid)
	if err != nil {
		return false, err
	}
	if p.TOTPEnabledAt == nil {
		return false, ErrNotFound
	}
	code = normalizeCode(code)
	if !isTOTPCode(code) {
		return true, s.useRecoveryCode(ctx, pid, code)
	}
	sec, err := s.crypt.Decrypt(p.TOTPSecretEnc, totpAAD(pid))
	if err != nil {
		return false, fmt.Errorf("store: totp secret: %w", err)
	}
	step, ok := matchStep(string(sec), code, s.now(), p.TOTPLastStep)
	if !ok {
		return false, ErrNotFound
	}
	res := s.ctx(ctx).Model(&Practitioner{}).Where("id = ? AND totp_enabled_at IS NOT NULL AND totp_last_step < ?", pid, step).
		Update("totp_last_step", step)
	if res.Error != nil {
		return false, fmt.Errorf("store: use totp: %w", res.Error)
	}
	if res.RowsAffected == 0 {
		return false, ErrNotFound // this code (or a later one) was used meanwhile
	}
	return false, nil
}

// TurnOffSecondFactor removes pid's authenticator secret, recovery codes
// and passkeys. action is "2fa.disable" (the practitioner, after password and
// code) or "2fa.reset" (an admin, named by ctx's actor).
func (s *Store) TurnOffSecondFactor(ctx context.Context, pid, action string) error {
	err := s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		res := tx.Model(&Practitioner{}).Where("id = ?", pid).
			Updates(map[string]any{"totp_secret_enc": "", "totp_enabled_at": nil, "totp_last_step": 0})
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 0 {
			return ErrNotFound
		}
		if err := tx.Where("practitioner_id = ?", pid).Delete(&RecoveryCode{}).Error; err != nil {
			return err
		}
		if err := tx.Where("practitioner_id = ?", pid).Delete(&Passkey{}).Error; err != nil {
			return err
		}
		return s.audit(ctx, tx, practitionerActor(pid), action, "practitioner", pid)
	})
	return wrapUnlessSentinel("turn off second factor", err)
}

// wrapUnlessSentinel passes the store's sentinel errors through and wraps
// the rest with op.
func wrapUnlessSentinel(op string, err error) error {
	if err == nil || errors.Is(err, ErrNotFound) || errors.Is(err, ErrConflict) || errors.Is(err, ErrInvalid) {
		return err
	}
	return fmt.Errorf("store: %s: %w", op, err)
}
