package models

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"fmt"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/frequency"
	"golang.org/x/crypto/argon2"
)

// Password rules (NIST SP 800-63B): at least 10 characters, at most 256,
// not one of the 10,000 most common passwords, not easy to guess (zxcvbn
// score 3 or more); no composition rules.
const (
	MinPasswordLen = 10
	MaxPasswordLen = 256
)

// argon2id parameters (OWASP: m=19 MiB, t=2, p=1).
const (
	argonMemory  = 19 * 1024
	argonTime    = 2
	argonThreads = 1
	argonKeyLen  = 32
)

// CheckPassword returns a plain-words problem with a new password, or "".
// userInputs (the account's email and name) count as easy to guess.
func CheckPassword(pw string, userInputs ...string) string {
	n := utf8.RuneCountInString(pw)
	switch {
	case !utf8.ValidString(pw):
		return "must be valid text"
	case n < MinPasswordLen:
		return fmt.Sprintf("must be at least %d characters", MinPasswordLen)
	case n > MaxPasswordLen:
		return fmt.Sprintf("must be at most %d characters", MaxPasswordLen)
	case commonPasswords()[strings.ToLower(pw)]:
		return "is one of the most common passwords, so it is among the first an attacker tries; a few unrelated words make a strong one"
	}
	// zxcvbn's cost grows with length; the first 64 characters decide.
	if r := []rune(pw); len(r) > 64 {
		pw = string(r[:64])
	}
	if zxcvbn.PasswordStrength(pw, userInputs).Score < 3 {
		return "is too easy to guess (a word with small changes, a name, a date or a keyboard pattern); a few unrelated words make a strong one"
	}
	return ""
}

// commonPasswords is the 10,000 most common passwords, from the list
// zxcvbn ships.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	list := frequency.FrequencyLists["passwords"]
	m := make(map[string]bool, 10000)
	for _, p := range list[:min(len(list), 10000)] {
		m[p] = true
	}
	return m
})

// HashPassword hashes the whole password with argon2id (no truncation).
func HashPassword(pw string) (string, error) {
	salt := make([]byte, 16)
	if _, err := rand.Read(salt); err != nil {
		return "", fmt.Errorf("password: salt: %w", err)
	}
	key := argon2.IDKey([]byte(pw), salt, argonTime, argonMemory, argonThreads, argonKeyLen)
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s", argon2.Version, argonMemory, argonTime, argonThreads,
		base64.RawStdEncoding.EncodeToString(salt), base64.RawStdEncoding.EncodeToString(key)), nil
}

// VerifyPassword compares a password with an encoded argon2id hash.
func VerifyPassword(pw, encoded string) bool {
	parts := strings.Split(encoded, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false
	}
	var m, t uint32
	var p uint8
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &m, &t, &p); err != nil || m == 0 || t == 0 || p == 0 || m > 1<<20 {
		return false
	}
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	want, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(want) == 0 {
		return false
	}
	got := argon2.IDKey([]byte(pw), salt, t, m, p, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1
}

// dummyHash is verified against when an email is unknown, so a login takes
// as long for an unknown email as for a wrong password. It is made at the
// first sign-in, not at start (an argon2 hash costs ~35 ms and 19 MiB).
var dummyHash = sync.OnceValue(func() string {
	h, _ := HashPassword("tend-dummy-password-for-timing")
	return h
})
