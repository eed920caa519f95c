package httpx

import (
	"encoding/json"
	"errors"
	"log/slog"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/reports"
)

// apiErrorBody is every JSON error: {"error": {"code", "message", "details"?}}.
type apiErrorBody struct {
	Error ErrorInfo `json:"error"`
}

// ErrorInfo is the inside of a JSON error body.
type ErrorInfo struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details any    `json:"details,omitempty"`
}

// APIError writes a JSON error body with status (the response is done).
func APIError(c *fiber.Ctx, status int, code, msg string, details any) error {
	return c.Status(status).JSON(apiErrorBody{ErrorInfo{code, msg, details}})
}

// FieldDetail is one entry of a 422's details.
type FieldDetail struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

// Error is a request problem with its status, code and details; the
// error handler renders it as JSON on the API and as a page elsewhere, so
// handlers only return it.
type Error struct {
	Status  int
	Code    string
	Message string
	Details any
}

func (e *Error) Error() string { return e.Message }

// FieldError is a 422 naming one field and what is wrong with it.
func FieldError(field, msg string) error {
	return &Error{fiber.StatusUnprocessableEntity, "invalid", "Some fields need attention: " + field + " " + msg + ".",
		[]FieldDetail{{field, msg}}}
}

func validationDetails(v *models.ValidationError) []FieldDetail {
	out := make([]FieldDetail, len(v.Problems))
	for i, p := range v.Problems {
		out[i] = FieldDetail{p.Field, p.Message}
	}
	return out
}

var statusCodes = map[int]string{400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found",
	405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type", 422: "invalid",
	429: "rate_limited", 503: "unavailable"}

// ErrorHandler is the one place errors become responses: it logs once
// (request id and route, no bodies, no tokens) and answers JSON on /api/,
// a friendly page elsewhere. Users never see a database error.
func (k *Kit) ErrorHandler(c *fiber.Ctx, err error) error {
	status, code, msg := fiber.StatusInternalServerError, "internal", "Something went wrong on our side. Please try again in a moment."
	var fe *fiber.Error
	var ve *models.ValidationError
	var he *Error
	var details any
	switch {
	case errors.As(err, &he):
		status, code, msg, details = he.Status, he.Code, he.Message, he.Details
	case errors.As(err, &fe):
		status, msg = fe.Code, fe.Message
		code = statusCodes[status]
		if code == "" {
			code = "error"
		}
		if status == fiber.StatusNotFound && (msg == fiber.ErrNotFound.Message || strings.HasPrefix(msg, "Cannot ")) {
			// Fiber's default text repeats the path, which may hold a token.
			msg = "We could not find that page."
		}
	case errors.Is(err, models.ErrHighFlagOpen):
		status, code, msg = fiber.StatusUnprocessableEntity, "high_flag_open", HighFlagOpenMessage
	case errors.Is(err, models.ErrNotFound):
		status, code, msg = fiber.StatusNotFound, "not_found", "We could not find that."
	case errors.As(err, &ve):
		status, code, msg = fiber.StatusUnprocessableEntity, "invalid", "Some fields need attention."
	case errors.Is(err, models.ErrConflict):
		status, code, msg = fiber.StatusConflict, "conflict", ConflictMessage(err)
	case models.Unavailable(err):
		status, code, msg = fiber.StatusServiceUnavailable, "unavailable", UnavailableMessage
		c.Set(fiber.HeaderRetryAfter, RetryAfterSeconds)
		k.Log.Warn("database unavailable", slog.String("rid", RequestIDOf(c)), slog.String("route", c.Route().Path))
	case errors.Is(err, models.ErrPasswordBusy):
		status, code, msg = fiber.StatusServiceUnavailable, "busy", "Many sign-ins are being checked right now. Please try again in a few seconds."
		c.Set(fiber.HeaderRetryAfter, "5")
	case errors.Is(err, reports.ErrBusy):
		status, code, msg = fiber.StatusServiceUnavailable, "busy", "Many documents are being prepared right now. Please try again in a few seconds."
		c.Set(fiber.HeaderRetryAfter, "5")
	default:
		k.Log.Error("request failed", slog.String("rid", RequestIDOf(c)), slog.String("route", c.Route().Path),
			slog.String("error", redact(err.Error())))
	}
	if status >= 500 && status != fiber.StatusServiceUnavailable {
		if fe != nil {
			k.Log.Error("request failed", slog.String("rid", RequestIDOf(c)), slog.String("route", c.Route().Path), slog.Int("status", status))
		}
	}
	if WantsJSON(c) {
		if ve != nil {
			details = validationDetails(ve)
		}
		return APIError(c, status, code, msg, details)
	}
	page := "pages/error"
	if isClientPath(c.Path()) {
		page = "client/error"
	}
	heading := "Something went wrong"
	switch status {
	case fiber.StatusNotFound:
		heading = "Not found"
	case fiber.StatusForbidden:
		heading = "Not allowed"
	case fiber.StatusTooManyRequests:
		heading = "Please wait a moment"
	case fiber.StatusUnauthorized:
		heading = "Please sign in"
	case fiber.StatusServiceUnavailable:
		heading = "Please try again in a minute"
	}
	c.Status(status)
	return k.Render(c, page, errorPage{Base: k.Base(c, "", heading), Heading: heading, Message: msg, RequestID: RequestIDOf(c)})
}

// RetryAfterSeconds is the Retry-After of a 503 while the database is unavailable.
const RetryAfterSeconds = "30"

// UnavailableMessage says plainly that nothing was saved during an outage.
const UnavailableMessage = "We cannot reach our database right now, so nothing was saved. Please try again in a minute."

// HighFlagOpenMessage says why an assignment cannot be marked reviewed yet.
const HighFlagOpenMessage = "A high-severity flag is still open. Acknowledge it with a short note of what you did, then mark this reviewed."

// WantsJSON: the JSON API, and scripts (the autosave) that ask for JSON.
func WantsJSON(c *fiber.Ctx) bool {
	if strings.HasPrefix(c.Path(), "/api/") {
		return true
	}
	accept := c.Get(fiber.HeaderAccept)
	return strings.Contains(accept, fiber.MIMEApplicationJSON) && !strings.Contains(accept, "text/html")
}

func isClientPath(p string) bool {
	return strings.HasPrefix(p, "/w/") || strings.HasPrefix(p, "/f/") || p == "/f" || strings.HasPrefix(p, "/c/") || p == "/c"
}

// ConflictMessage keeps the store's plain-words reason after "conflict: ".
func ConflictMessage(err error) string {
	if _, after, ok := strings.Cut(err.Error(), "conflict: "); ok && !strings.Contains(after, "store:") {
		return after
	}
	return "This changed in the meantime. Reload and try again."
}

// redact keeps log lines free of anything that looks like a secret token.
func redact(s string) string {
	fields := strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '/' || r == '=' || r == '"' || r == '\'' })
	for _, f := range fields {
		if len(f) >= 32 && !strings.ContainsAny(f, ".:") {
			s = strings.ReplaceAll(s, f, "[redacted]")
		}
	}
	return s
}

type errorPage struct {
	Base
	Heading, Message, RequestID string
}

// ParseJSON decodes a JSON body into dst; unknown fields are ignored (ids
// and owners never come from a body). A syntax error is 400; a wrong type
// is 422 naming the field.
func ParseJSON(c *fiber.Ctx, dst any) error {
	ct := c.Get(fiber.HeaderContentType)
	if ct != "" && !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) {
		return &Error{fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send Content-Type: application/json", nil}
	}
	if err := json.Unmarshal(c.Body(), dst); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &Error{fiber.StatusUnprocessableEntity, "invalid", "a field has the wrong type",
				[]FieldDetail{{te.Field, "must be " + jsonKind(te.Type.Kind().String())}}}
		}
		return &Error{fiber.StatusBadRequest, "bad_request", "the body is not valid JSON", nil}
	}
	return nil
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "a string"
	case "int", "int64", "float64":
		return "a number"
	case "bool":
		return "true or false"
	case "map", "struct":
		return "an object"
	case "slice":
		return "a list"
	}
	return "a " + k
}
