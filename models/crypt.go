package models

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Crypter encrypts protected text at rest with AES-256-GCM. Ciphertext is
// "v1:<keyid>:<base64(nonce|sealed)>"; the additional data binds it to its
// row, so a ciphertext copied to another row does not decrypt.
type Crypter struct {
	keys         map[string]cipher.AEAD
	fingerprints map[string]string // key id → HMAC of a constant, hex
	nameKeys     map[string][]byte // key id → the blind index key derived from it (blind.go)
	active       string
}

// ErrDecrypt means a ciphertext was altered, moved, or its key is missing.
var ErrDecrypt = errors.New("crypt: cannot decrypt (wrong key, or the data was altered)")

// keyFingerprintLabel is the constant a key's fingerprint is the HMAC of:
// the database records fingerprints, never keys.
const keyFingerprintLabel = "tend key fingerprint v1"

// keyIDLabel derives the id of a key given without one (a bare base64 key).
const keyIDLabel = "tend key id v1"

// ParseKeyring reads "ID:BASE64,ID:BASE64" (commas or newlines); the last
// key is the active one used for new writes. Each key is 32 bytes. A bare
// "BASE64" entry (an injected secret) gets an id derived from the key, so
// every instance given it agrees on the id.
func ParseKeyring(s string) (*Crypter, error) {
	c := &Crypter{keys: map[string]cipher.AEAD{}, fingerprints: map[string]string{}, nameKeys: map[string][]byte{}}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" || strings.HasPrefix(f, "#") {
			continue
		}
		id, b64, ok := strings.Cut(f, ":")
		if !ok {
			id, b64 = "", f
		} else if id == "" || strings.ContainsAny(id, " :") {
			return nil, fmt.Errorf("crypt: key entries look like ID:BASE64 or BASE64")
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if err != nil || len(raw) != 32 {
			if id == "" {
				return nil, fmt.Errorf("crypt: a key must be 32 bytes, base64-encoded (or ID:BASE64 entries)")
			}
			return nil, fmt.Errorf("crypt: key %q must be 32 bytes, base64-encoded", id)
		}
		if id == "" {
			id = hex.EncodeToString(keyHMAC(raw, keyIDLabel)[:8])
		}
		if _, dup := c.keys[id]; dup {
			return nil, fmt.Errorf("crypt: key id %q appears twice", id)
		}
		block, err := aes.NewCipher(raw)
		if err != nil {
			return nil, fmt.Errorf("crypt: key %q: %w", id, err)
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("crypt: key %q: %w", id, err)
		}
		c.keys[id] = aead
		c.fingerprints[id] = hex.EncodeToString(keyHMAC(raw, keyFingerprintLabel))
		c.nameKeys[id] = keyHMAC(raw, nameIndexLabel)
		c.active = id
	}
	if c.active == "" {
		return nil, fmt.Errorf("crypt: no key found")
	}
	return c, nil
}

func keyHMAC(key []byte, label string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(label))
	return m.Sum(nil)
}

// NewKeyID returns a random key id (8 random bytes, hex): ids are never
// counters, so two keys made apart never share one.
func NewKeyID() (string, error) {
	b := make([]byte, 8)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("crypt: random: %w", err)
	}
	return hex.EncodeToString(b), nil
}

// NewKeyLine returns a fresh keyring line "id:BASE64".
func NewKeyLine(id string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("crypt: random: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(b), nil
}

// ReadKeyFile reads a keyring file. A missing file is an error matching
// os.ErrNotExist: only the start of a new database may create one
// (CreateKeyFile).
func ReadKeyFile(path string) (*Crypter, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("crypt: read key file: %w", err)
	}
	return ParseKeyring(string(data))
}

// CreateKeyFile writes a keyring file with one new key with a random id
// (mode 0600), never replacing a file: when another instance created it
// first, that file is read instead and created is false.
func CreateKeyFile(path string) (c *Crypter, created bool, err error) {
	id, err := NewKeyID()
	if err != nil {
		return nil, false, err
	}
	line, err := NewKeyLine(id)
	if err != nil {
		return nil, false, err
	}
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, false, fmt.Errorf("crypt: key dir: %w", err)
	}
	// Written whole to a temporary file, then linked into place: the link
	// fails when the file exists, so a reader never sees half a key.
	tmp, err := writeTempKey(dir, "# Tend encryption keyring: keep it apart from database backups.\n"+line+"\n")
	if err != nil {
		return nil, false, err
	}
	defer os.Remove(tmp)
	if err := os.Link(tmp, path); errors.Is(err, os.ErrExist) {
		c, err := ReadKeyFile(path)
		return c, false, err
	} else if err != nil {
		return nil, false, fmt.Errorf("crypt: create key file: %w", err)
	}
	syncDir(dir)
	c, err = ParseKeyring(line)
	return c, err == nil, err
}

// Encrypt seals plaintext for the row named by aad ("table.column|row id").
func (c *Crypter) Encrypt(plaintext []byte, aad string) (string, error) {
	aead := c.keys[c.active]
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("crypt: nonce: %w", err)
	}
	sealed := aead.Seal(nonce, nonce, plaintext, []byte(aad))
	return "v1:" + c.active + ":" + base64.RawStdEncoding.EncodeToString(sealed), nil
}

// Decrypt opens a ciphertext made by Encrypt for the same aad. An empty
// string decrypts to nothing.
func (c *Crypter) Decrypt(ct string, aad string) ([]byte, error) {
	if ct == "" {
		return nil, nil
	}
	parts := strings.SplitN(ct, ":", 3)
	if len(parts) != 3 || parts[0] != "v1" {
		return nil, ErrDecrypt
	}
	aead, ok := c.keys[parts[1]]
	if !ok {
		return nil, ErrDecrypt
	}
	raw, err := base64.RawStdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) < aead.NonceSize()+aead.Overhead() {
		return nil, ErrDecrypt
	}
	pt, err := aead.Open(nil, raw[:aead.NonceSize()], raw[aead.NonceSize():], []byte(aad))
	if err != nil {
		return nil, ErrDecrypt
	}
	return pt, nil
}

// ActiveKeyID names the key used for new writes.
func (c *Crypter) ActiveKeyID() string { return c.active }

// writeTempKey writes text whole to a new 0600 file in dir, synced to
// disk, and returns its path; the caller links or renames it into place.
func writeTempKey(dir, text string) (string, error) {
	tmp, err := os.CreateTemp(dir, ".tend-key-*")
	if err != nil {
		return "", fmt.Errorf("crypt: write key file: %w", err)
	}
	err = tmp.Chmod(0o600)
	if err == nil {
		_, err = tmp.WriteString(text)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		os.Remove(tmp.Name())
		return "", fmt.Errorf("crypt: write key file: %w", err)
	}
	return tmp.Name(), nil
}

// syncDir makes a rename or link in dir durable; where the platform cannot
// sync a directory, the file itself was synced already.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}
