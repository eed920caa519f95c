package web

import (
	"errors"
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// Shared pieces of the practitioner pages' forms: field errors, the store's
// validation problems mapped to fields, and the "Older →" cursor link.

// fieldErrors maps a form field name to a message shown beside it.
type fieldErrors map[string]string

// add keeps the first message for a field.
func (fe fieldErrors) add(field, msg string) {
	if _, ok := fe[field]; !ok {
		fe[field] = msg
	}
}

// fromValidation turns the store's *ValidationError into field errors;
// rename maps store field names (a list's, for its entries) to form field
// names where they differ.
// It reports false when err is not a validation error.
func (fe fieldErrors) fromValidation(err error, label map[string]string, rename map[string]string) bool {
	var ve *models.ValidationError
	if !errors.As(err, &ve) {
		return false
	}
	for _, p := range ve.Problems {
		field := p.Field
		// A list's place ("worksheet_keys[2]") belongs to the list's field.
		if i := strings.IndexByte(field, '['); i > 0 {
			field = field[:i]
		}
		if r, ok := rename[field]; ok {
			field = r
		}
		name := label[field]
		if name == "" {
			name = "This"
		}
		fe.add(field, name+" "+p.Message+".")
	}
	return true
}

// unprocessable renders a form page again with 422.
func (h *Handler) unprocessable(c *fiber.Ctx, page string, data any) error {
	c.Status(fiber.StatusUnprocessableEntity)
	return h.Render(c, page, data)
}

// parsePageForm reads a posted form into dst (form:"…" tags); a body that is
// not a form at all is a 400.
func parsePageForm(c *fiber.Ctx, dst any) error {
	if err := c.BodyParser(dst); err != nil {
		return fiber.NewError(fiber.StatusBadRequest, "The form could not be read. Please go back and try again.")
	}
	return nil
}

// newPasswordForm is a new password typed twice (the choose-password page
// and the admin's "Set a new password").
type newPasswordForm struct {
	New     string `form:"new_password"`
	Confirm string `form:"confirm_password"`
}

// readNewPassword parses a posted new password typed twice; errs holds a
// mismatch, on confirm_password.
func readNewPassword(c *fiber.Ctx) (newPasswordForm, fieldErrors, error) {
	var f newPasswordForm
	if err := parsePageForm(c, &f); err != nil {
		return f, nil, err
	}
	errs := fieldErrors{}
	if f.New != f.Confirm {
		errs.add("confirm_password", "The two new passwords are not the same.")
	}
	return f, errs, nil
}

// olderLink is the "Older →" link of a cursor-paginated list at path: the
// kept query parameters plus the next cursor ("" when there is no next page).
func olderLink(c *fiber.Ctx, path, next string, keep ...string) string {
	if next == "" {
		return ""
	}
	q := url.Values{}
	for _, k := range keep {
		if v := c.Query(k); v != "" {
			q.Set(k, v)
		}
	}
	q.Set("cursor", next)
	return path + "?" + q.Encode()
}

// safeNext keeps a redirect target only when it is a path on this site:
// it starts with one "/" (not "//" or "/\"), so it cannot send the browser
// elsewhere.
func safeNext(next string) string {
	if next == "" || next[0] != '/' || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") ||
		strings.ContainsAny(next, "\r\n\t") {
		return "/"
	}
	if u, err := url.Parse(next); err != nil || u.Host != "" || u.Scheme != "" {
		return "/"
	}
	return next
}
