package fill

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

const (
	// fillCookie holds a client's fill session (its hash is stored).
	fillCookie = "tend_fill"
	// localFill holds the *models.FillSession (cookie) of a client request.
	localFill = "fill"
	// localFillAssignment holds the assignment id a client request may act on.
	localFillAssignment = "fill_assignment"
	// localFillView holds the *models.AssignmentView a page (GET) read
	// with its session.
	localFillView = "fill_view"
)

// fillPage requires a live fill session from the cookie (a GET reads the
// assignment with it, for loadFill), refreshes the
// cookie (its lifetime slides with activity, as the session's does) and
// checks CSRF on every POST and PUT. A missing, idle, revoked or expired
// session gets the friendly "this page has closed" page (JSON for /f/draft).
func (h *Handler) fillPage(c *fiber.Ctx) error {
	jsonReq := c.Method() == fiber.MethodPut
	tok := c.Cookies(h.CookieName(fillCookie))
	var fs *models.FillSession
	var v *models.AssignmentView
	if tok != "" {
		// A page (GET) shows the assignment: it comes in the same read.
		var err error
		fs, v, err = h.Store.FillPage(c.UserContext(), tok, h.Config.FillIdle, c.Method() == fiber.MethodGet)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if fs == nil {
		if tok != "" {
			h.SetCookie(c, fillCookie, "", -1)
		}
		if jsonReq {
			return httpx.APIError(c, fiber.StatusUnauthorized, "session_ended",
				"this page has closed; open your link again to continue", nil)
		}
		return h.renderFillInactive(c, fiber.StatusNotFound, fillInactiveSession)
	}
	if err := httpx.CheckCSRF(c, fs.CSRFToken); err != nil {
		if jsonReq {
			return httpx.APIError(c, fiber.StatusForbidden, "forbidden", "this page is out of date; reload it to continue", nil)
		}
		return err
	}
	h.SetCookie(c, fillCookie, tok, h.Config.FillIdle)
	c.Locals(localFill, fs)
	c.Locals(localFillAssignment, fs.AssignmentID)
	if v != nil {
		c.Locals(localFillView, v)
	}
	httpx.SetActor(c, models.Actor{Type: "client", ID: "session:" + fs.TokenHash[:8], IP: httpx.ClientIP(c)})
	return c.Next()
}

// fillAPI authenticates the client JSON API with the raw link token as
// bearer. The token is checked first: a valid one always works; failures
// count against the caller's IP like failed link opens, and are refused
// with 429 once the IP has failed too often. The one read that checks the
// link also gives what a draft save starts from (fillTarget).
func (h *Handler) fillAPI(c *fiber.Ctx) error {
	tok, _ := httpx.Bearer(c)
	t, err := h.Store.FillTargetByLink(c.UserContext(), tok)
	if errors.Is(err, models.ErrNotFound) {
		limited, err := h.fillLinkFailed(c, tok, "assignment")
		if err != nil {
			return err
		}
		if limited {
			c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(fillFailWindow.Seconds())))
			return httpx.APIError(c, fiber.StatusTooManyRequests, "rate_limited", "too many failed attempts; wait a minute and try again", nil)
		}
		return httpx.APIError(c, fiber.StatusUnauthorized, "unauthorized",
			"send Authorization: Bearer <link token> with a link that is active", nil)
	}
	if err != nil {
		return err
	}
	c.Locals(localFillAssignment, t.ID)
	c.Locals(localFillTarget, t)
	httpx.SetActor(c, fillLinkActor(c, tok))
	return c.Next()
}

// fillFailWindow is the window over which failed link attempts count.
const fillFailWindow = time.Minute

func fillFailBucket(c *fiber.Ctx) string { return "link-fail:" + httpx.RateIP(c) }

// fillLinkFailed handles a failed attempt at an assignment link or a
// client's own page link (objectType "assignment" or "client"): both count
// in one bucket per IP. An IP that has failed too often lately is limited,
// and its failure costs nothing more; otherwise the failure is recorded:
// one rate event for the IP and one audit event naming only a prefix of the
// token's hash.
func (h *Handler) fillLinkFailed(c *fiber.Ctx, tok, objectType string) (limited bool, err error) {
	ok, err := h.Store.RateTake(c.UserContext(), fillFailBucket(c), fillFailWindow, int64(h.Config.LinkFailuresPerIP))
	if err != nil {
		return false, err
	}
	if !ok {
		return true, nil
	}
	return false, h.Store.Audit(models.WithActor(c.UserContext(), fillLinkActor(c, tok)), "link.fail", objectType, "")
}

// linkOpensPerHour bounds how many sessions (API loads) one link starts an
// hour, and so the audit rows its holder can add.
const linkOpensPerHour = 20

// opened counts a new session made with one link (rate bucket) and audits
// it as action on the object. Past the per-link limit it records nothing
// and reports false: the caller answers 429.
func (h *Handler) opened(c *fiber.Ctx, bucket, action, objectType, id string) (bool, error) {
	ok, err := h.Store.RateTake(c.UserContext(), bucket, time.Hour, linkOpensPerHour)
	if err != nil || !ok {
		return false, err
	}
	return true, h.Store.Audit(c.UserContext(), action, objectType, id)
}

// linkOpened counts and audits (link.open) a new session or API load of
// assignment id's link; false past the per-link limit.
func (h *Handler) linkOpened(c *fiber.Ctx, id string) (bool, error) {
	return h.opened(c, "link-open:"+id, "link.open", "assignment", id)
}

// fillLinkActor names a link holder in the audit log by a prefix of the
// token's hash, never by the token.
func fillLinkActor(c *fiber.Ctx, tok string) models.Actor {
	return models.Actor{Type: "client", ID: "link:" + models.HashToken(tok)[:8], IP: httpx.ClientIP(c)}
}

func fillAssignmentID(c *fiber.Ctx) string {
	id, _ := c.Locals(localFillAssignment).(string)
	return id
}

func fillSession(c *fiber.Ctx) *models.FillSession {
	fs, _ := c.Locals(localFill).(*models.FillSession)
	return fs
}
