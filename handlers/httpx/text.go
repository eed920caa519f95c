package httpx

import (
	"bytes"
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/gofiber/fiber/v2"
)

const notUTF8 = "must be valid UTF-8 text"

// textProblem says what is wrong with s as text Tend stores ("" = fine):
// PostgreSQL refuses NUL and invalid UTF-8, so they never get past the edge.
func textProblem(s []byte) string {
	switch {
	case !utf8.Valid(s):
		return notUTF8
	case strings.IndexByte(string(s), 0) >= 0:
		return "must not contain a NUL character"
	}
	return ""
}

// fieldName is a request's own field name when it is printable text.
func fieldName(k []byte, fallback string) string {
	if len(k) == 0 || len(k) > 64 || textProblem(k) != "" {
		return fallback
	}
	return string(k)
}

// CleanText refuses a request whose path, query or form or JSON strings
// hold NUL or invalid UTF-8: 404 for a path (no such id exists), else a 422
// naming the field. Handlers and the store then only ever see clean text.
func (k *Kit) CleanText(c *fiber.Ctx) error {
	if textProblem(c.Request().URI().Path()) != "" {
		return fiber.ErrNotFound
	}
	field, problem := "", ""
	check := func(key, value []byte, fallback string) {
		if problem != "" {
			return
		}
		if p := textProblem(key); p != "" {
			field, problem = fallback, p
		} else if p := textProblem(value); p != "" {
			field, problem = fieldName(key, fallback), p
		}
	}
	for key, value := range c.Context().QueryArgs().All() {
		check(key, value, "query")
	}
	ct := string(c.Request().Header.ContentType())
	switch {
	case strings.HasPrefix(ct, fiber.MIMEApplicationForm):
		for key, value := range c.Context().PostArgs().All() {
			check(key, value, "form")
		}
	case strings.HasPrefix(ct, fiber.MIMEMultipartForm):
		if mf, err := c.MultipartForm(); err == nil {
			for key, vs := range mf.Value {
				for _, v := range vs {
					check([]byte(key), []byte(v), "form")
				}
			}
		}
	case problem == "" && (strings.HasPrefix(ct, fiber.MIMEApplicationJSON) || (ct == "" && len(c.Body()) > 0)):
		body, invalid := c.Body(), !utf8.Valid(c.Body())
		if !invalid && bytes.IndexByte(body, 0) < 0 && !bytes.Contains(body, []byte(`\u0000`)) {
			// Valid UTF-8 with neither a NUL nor its escape: no key or
			// string decoded from it can hold either, so nothing to walk.
			break
		}
		if invalid {
			// Mark each invalid byte as a NUL escape, so the walk finds
			// the field that holds it.
			body = []byte(strings.ToValidUTF8(string(body), `\u0000`))
		}
		var v any
		switch {
		case json.Unmarshal(body, &v) == nil:
			walkJSON(v, "body", check)
		case invalid:
			field = "body"
		}
		// Otherwise a body that is not JSON is the handler's to refuse (400).
		if invalid && field != "" {
			problem = notUTF8
		}
	}
	if problem != "" {
		return FieldError(field, problem)
	}
	return c.Next()
}

// walkJSON checks every key and string of a decoded JSON value; a field is
// named by its top-level key.
func walkJSON(v any, name string, check func(key, value []byte, fallback string)) {
	switch t := v.(type) {
	case string:
		check(nil, []byte(t), name)
	case []any:
		for _, e := range t {
			walkJSON(e, name, check)
		}
	case map[string]any:
		for key, e := range t {
			n := name
			if name == "body" {
				n = fieldName([]byte(key), name)
			}
			check([]byte(key), nil, n)
			walkJSON(e, n, check)
		}
	}
}

// Cut shortens s to at most n runes for storage, never splitting a
// character, and leaves it valid UTF-8 without NUL (headers such as the
// User-Agent are not checked at the edge).
func Cut(s string, n int) string {
	s = strings.ReplaceAll(strings.ToValidUTF8(s, "\uFFFD"), "\x00", "")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n])
}
