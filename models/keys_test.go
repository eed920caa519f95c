package models_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/tend-health/tend/models"
)

// TestKeyringForms: a bare base64 key (an injected secret) gets the same
// random-looking id on every instance and decrypts what another instance
// given it wrote; two keys under one id are refused, not silently merged.
func TestKeyringForms(t *testing.T) {
	t.Parallel()
	line, _ := models.NewKeyLine("k1")
	bare := strings.SplitN(line, ":", 2)[1]
	a, errA := models.ParseKeyring(bare)
	b, errB := models.ParseKeyring("\n" + bare + "\n")
	if errA != nil || errB != nil || a.ActiveKeyID() != b.ActiveKeyID() || !regexp.MustCompile(`^[0-9a-f]{16}$`).MatchString(a.ActiveKeyID()) {
		t.Fatalf("bare key ids %q %q: %v %v", a.ActiveKeyID(), b.ActiveKeyID(), errA, errB)
	}
	ct, _ := a.Encrypt([]byte("hello"), "row|1")
	if pt, err := b.Decrypt(ct, "row|1"); err != nil || string(pt) != "hello" {
		t.Fatalf("another instance with the same key cannot read: %v", err)
	}
	other, _ := models.NewKeyLine("x")
	if c, _ := models.ParseKeyring(strings.SplitN(other, ":", 2)[1]); c.ActiveKeyID() == a.ActiveKeyID() {
		t.Fatal("two different bare keys got the same id")
	}
	if _, err := models.ParseKeyring(line + "," + strings.Replace(other, "x:", "k1:", 1)); err == nil || !strings.Contains(err.Error(), `"k1" appears twice`) {
		t.Fatalf("two keys under k1: %v", err)
	}
	if _, err := models.ParseKeyring("c2hvcnQ="); err == nil || strings.Contains(err.Error(), "c2hvcnQ") {
		t.Fatalf("a short bare key: %v", err)
	}
}
