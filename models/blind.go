package models

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
	"gorm.io/gorm"
)

// Client names are encrypted; search finds them through a keyed blind
// index (Client.NameIndex): for each word of the name, the HMAC of each of
// its first 1…namePrefixRunes characters, keyed by a key derived from the
// encryption key and salted with the practitioner's id, so equal names of
// two practitioners share no token. The tokens are sorted and padded with
// random ones to a multiple of nameIndexTokens. A search looks its words'
// prefixes up in the index and then checks the decrypted names, so a word
// longer than the prefix (or a token collision) never shows a wrong client.
// SECURITY.md says what the index reveals.

// nameIndexLabel derives a key's blind index key (crypt.go).
const nameIndexLabel = "tend name index v1"

const (
	namePrefixRunes  = 4  // indexed prefix length of each word
	nameIndexTokens  = 32 // the index holds a multiple of this many tokens
	nameSearchWords  = 8  // words of a search looked up in the index
	nameTokenByteLen = 8  // bytes of HMAC per token (16 hex digits)
)

// nameWords normalises a name or a search: accents folded, lower-cased,
// apostrophes dropped ("O'Brien" is "obrien"), split into words of letters
// and digits.
func nameWords(s string) []string {
	var b strings.Builder
	for _, r := range norm.NFKD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), r == '\'', r == '’', r == 'ʼ':
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		default:
			b.WriteByte(' ')
		}
	}
	return strings.Fields(b.String())
}

func namePrefix(word string, n int) string {
	r := []rune(word)
	return string(r[:min(n, len(r))])
}

func nameToken(key []byte, owner, prefix string) string {
	return hex.EncodeToString(keyHMAC(key, owner+"\x00"+prefix)[:nameTokenByteLen])
}

// nameIndex is the blind index of name, owned by practitioner owner, with
// the active key: " tok tok … " (spaces around every token).
func (c *Crypter) nameIndex(owner, name string) (string, error) {
	key := c.nameKeys[c.active]
	set := map[string]bool{}
	for _, w := range nameWords(name) {
		for n := 1; n <= namePrefixRunes && n <= len([]rune(w)); n++ {
			set[nameToken(key, owner, namePrefix(w, n))] = true
		}
	}
	toks := make([]string, 0, nameIndexTokens)
	for t := range set {
		toks = append(toks, t)
	}
	pad := make([]byte, nameTokenByteLen)
	for len(toks) == 0 || len(toks)%nameIndexTokens != 0 {
		if _, err := rand.Read(pad); err != nil {
			return "", fmt.Errorf("crypt: random: %w", err)
		}
		toks = append(toks, hex.EncodeToString(pad))
	}
	sort.Strings(toks)
	return " " + strings.Join(toks, " ") + " ", nil
}

// nameSearch narrows q (clients of owner) to names with a word beginning
// with each searched word's prefix, under every key of the keyring: rows
// not yet re-encrypted to the active key carry an older key's tokens.
func (c *Crypter) nameSearch(q *gorm.DB, owner string, words []string) *gorm.DB {
	ids := c.keyIDs()
	for _, w := range words[:min(len(words), nameSearchWords)] {
		conds := make([]string, len(ids))
		args := make([]any, len(ids))
		for i, id := range ids {
			conds[i] = "name_index LIKE ?"
			args[i] = "% " + nameToken(c.nameKeys[id], owner, namePrefix(w, namePrefixRunes)) + " %"
		}
		q = q.Where("("+strings.Join(conds, " OR ")+")", args...)
	}
	return q
}

// nameMatches reports whether every searched word begins a word of name.
func nameMatches(words []string, name string) bool {
	if len(words) == 0 {
		return true
	}
	have := nameWords(name)
	for _, w := range words {
		found := false
		for _, h := range have {
			if strings.HasPrefix(h, w) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}
