package models

import (
	"reflect"
	"strings"
	"testing"
)

// TestNameWords: names and searches are compared without accents, case
// or apostrophes, word by word.
func TestNameWords(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		"Zoë O'Brien-Smith":  {"zoe", "obrien", "smith"},
		"  ÅSA  lindqvist. ": {"asa", "lindqvist"},
		"Nguyễn Thị Ánh":     {"nguyen", "thi", "anh"},
		"D’Angelo (Dee) 2nd": {"dangelo", "dee", "2nd"},
		"!!!":                {},
	} {
		if got := nameWords(in); !reflect.DeepEqual(got, want) {
			t.Errorf("nameWords(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestNameIndexReveals: an index is salted per practitioner (the same
// name of two practitioners shares no token) and its size does not tell a
// short name from a long one; only the tokens of the name's own prefixes
// are findable.
func TestNameIndexReveals(t *testing.T) {
	t.Parallel()
	line, err := NewKeyLine("k1")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseKeyring(line)
	if err != nil {
		t.Fatal(err)
	}
	a, _ := c.nameIndex("p1", "Sam K.")
	b, _ := c.nameIndex("p2", "Sam K.")
	for _, tok := range strings.Fields(a) {
		if strings.Contains(b, tok) {
			t.Fatalf("two practitioners' indexes of one name share token %s", tok)
		}
	}
	long, _ := c.nameIndex("p1", "Maximilian Alexander Wolfgang Hohenberg")
	if len(a) != len(long) || len(strings.Fields(a)) != nameIndexTokens {
		t.Errorf("index sizes %d and %d (%d tokens): the size tells names apart", len(a), len(long), len(strings.Fields(a)))
	}
	for prefix, want := range map[string]bool{"s": true, "sa": true, "sam": true, "k": true, "a": false, "samu": false} {
		if got := strings.Contains(a, " "+nameToken(c.nameKeys["k1"], "p1", prefix)+" "); got != want {
			t.Errorf("prefix %q in the index: %v, want %v", prefix, got, want)
		}
	}
}
