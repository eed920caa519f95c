package models

import (
	"strconv"
	"strings"
)

// decode reads js when it is exactly what json.Marshal writes for a
// scoreResult (its fields in order, strings without escapes or with Go-
// compatible ones) and reports whether it did; anything else is left to
// encoding/json. A trend reads every score of a client's history, and
// encoding/json's reflection was a tenth of a summary PDF's time.
// TestScoreResultDecode checks it against encoding/json.
func (r *scoreResult) decode(js []byte) bool {
	s, ok := strings.CutPrefix(string(js), `{"value":`)
	if !ok {
		return false
	}
	if rest, null := strings.CutPrefix(s, "null"); null {
		r.Value, s = nil, rest
	} else {
		i := strings.IndexByte(s, ',')
		if i < 0 {
			return false
		}
		v, err := strconv.ParseFloat(s[:i], 64)
		if err != nil {
			return false
		}
		r.Value, s = &v, s[i:]
	}
	for _, f := range [...]struct {
		key string
		dst *string
	}{{`,"band":`, &r.Band}, {`,"meaning":`, &r.Meaning}, {`,"note":`, &r.Note}} {
		if s, ok = strings.CutPrefix(s, f.key); !ok {
			return false
		}
		if *f.dst, s, ok = cutJSONString(s); !ok {
			return false
		}
	}
	return s == "}"
}

// cutJSONString reads the JSON string at the start of s and returns it and
// what follows; ok is false for anything not a plain string or one whose
// escapes Go reads the same way.
func cutJSONString(s string) (str, rest string, ok bool) {
	if len(s) == 0 || s[0] != '"' {
		return "", "", false
	}
	escaped := false
	for i := 1; i < len(s); i++ {
		switch c := s[i]; {
		case c == '\\':
			escaped = true
			i++
		case c < 0x20:
			return "", "", false
		case c == '"':
			if !escaped {
				return s[1:i], s[i+1:], true
			}
			u, err := strconv.Unquote(s[:i+1])
			if err != nil {
				return "", "", false
			}
			return u, s[i+1:], true
		}
	}
	return "", "", false
}
