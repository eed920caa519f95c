package models_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/models"
)

// TestKeyringForms: a bare base64 key (an injected secret) gets the same
// random-looking id on every instance and decrypts what another instance
// given it wrote; two keys under one id, or a short key, are refused with a
// line that does not repeat the key.
func TestKeyringForms(t *testing.T) {
	k1, _ := models.NewKeyLine("k1")
	x, _ := models.NewKeyLine("x")
	t.Parallel()
	bare, otherBare := strings.SplitN(k1, ":", 2)[1], strings.SplitN(x, ":", 2)[1]
	refused := map[string]string{
		k1 + ",k1:" + otherBare: `key id "k1" appears twice`,
		"c2hvcnQ=":              "a key must be 32 bytes",
	}
	for ring, want := range refused {
		if _, err := models.ParseKeyring(ring); err == nil || !strings.Contains(err.Error(), want) || strings.Contains(err.Error(), "c2hvcnQ") {
			t.Errorf("keyring %.12s…: want %q, got %v", ring, want, err)
		}
	}
	a, errA := models.ParseKeyring(bare)
	b, errB := models.ParseKeyring("\n" + bare + "\n")
	c, errC := models.ParseKeyring(otherBare)
	if errA != nil || errB != nil || errC != nil {
		t.Fatal(errA, errB, errC)
	}
	if a.ActiveKeyID() != b.ActiveKeyID() || a.ActiveKeyID() == c.ActiveKeyID() || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a.ActiveKeyID()) {
		t.Fatalf("bare key ids %q %q %q: want one id per key, 16 hex digits", a.ActiveKeyID(), b.ActiveKeyID(), c.ActiveKeyID())
	}
	ct, _ := a.Encrypt([]byte("hello"), "row|1")
	if pt, err := b.Decrypt(ct, "row|1"); err != nil || string(pt) != "hello" {
		t.Fatalf("another instance with the same key cannot read: %v", err)
	}
}
