package models

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/base64"
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
	keys   map[string]cipher.AEAD
	active string
}

// ErrDecrypt means a ciphertext was altered, moved, or its key is missing.
var ErrDecrypt = errors.New("crypt: cannot decrypt (wrong key, or the data was altered)")

// ParseKeyring reads "k1:BASE64,k2:BASE64" (commas or newlines); the last
// key is the active one used for new writes. Each key is 32 bytes.
func ParseKeyring(s string) (*Crypter, error) {
	c := &Crypter{keys: map[string]cipher.AEAD{}}
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == '\n' || r == '\r' })
	for _, f := range fields {
		f = strings.TrimSpace(f)
		if f == "" || strings.HasPrefix(f, "#") {
			continue
		}
		id, b64, ok := strings.Cut(f, ":")
		if !ok || id == "" || strings.ContainsAny(id, " :") {
			return nil, fmt.Errorf("crypt: key entries look like k1:BASE64")
		}
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(b64))
		if err != nil || len(raw) != 32 {
			return nil, fmt.Errorf("crypt: key %q must be 32 bytes, base64-encoded", id)
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
		c.active = id
	}
	if c.active == "" {
		return nil, fmt.Errorf("crypt: no key found")
	}
	return c, nil
}

// NewKeyLine returns a fresh keyring line "id:BASE64".
func NewKeyLine(id string) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("crypt: random: %w", err)
	}
	return id + ":" + base64.StdEncoding.EncodeToString(b), nil
}

// LoadOrCreateKeyFile reads a keyring file, creating it with one new key
// (mode 0600) when it does not exist yet. created reports a new file.
func LoadOrCreateKeyFile(path string) (c *Crypter, created bool, err error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		line, err := NewKeyLine("k1")
		if err != nil {
			return nil, false, err
		}
		if dir := filepath.Dir(path); dir != "." {
			if err := os.MkdirAll(dir, 0o700); err != nil {
				return nil, false, fmt.Errorf("crypt: key dir: %w", err)
			}
		}
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return nil, false, fmt.Errorf("crypt: create key file: %w", err)
		}
		if _, err := f.WriteString("# Tend encryption keyring: keep it apart from database backups.\n" + line + "\n"); err != nil {
			f.Close()
			return nil, false, fmt.Errorf("crypt: write key file: %w", err)
		}
		if err := f.Close(); err != nil {
			return nil, false, fmt.Errorf("crypt: write key file: %w", err)
		}
		c, err := ParseKeyring(line)
		return c, true, err
	}
	if err != nil {
		return nil, false, fmt.Errorf("crypt: read key file: %w", err)
	}
	c, err = ParseKeyring(string(data))
	return c, false, err
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
