package fill

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// openLink exchanges a private link for a fill-session cookie and sends
// the browser on to a token-free URL, so the token does not linger in the
// address bar, history or Referer. Unknown, expired, revoked and cancelled
// links all get the same page and status. The token is checked first: a
// valid link always works, and only failures are rate-limited per IP (a
// limited IP's failures are not even recorded).
func (h *Handler) openLink(c *fiber.Ctx) error {
	tok := c.Params("token")
	id, err := h.Store.AssignmentByLink(c.UserContext(), tok)
	if errors.Is(err, models.ErrNotFound) {
		return h.deadLink(c, tok, "assignment")
	}
	if err != nil {
		return err
	}
	httpx.SetActor(c, fillLinkActor(c, tok))
	return h.enterFill(c, id, "")
}

// deadLink answers a link that does not open (of an assignment or of a
// client's own page: objectType): the same page and status for every
// kind of dead link, or 429 once this IP has failed too often.
func (h *Handler) deadLink(c *fiber.Ctx, tok, objectType string) error {
	limited, err := h.fillLinkFailed(c, tok, objectType)
	if err != nil {
		return err
	}
	if limited {
		c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(fillFailWindow.Seconds())))
		return h.renderFillInactive(c, fiber.StatusTooManyRequests, fillInactiveRateLimited)
	}
	return h.renderFillInactive(c, fiber.StatusNotFound, fillInactiveLink)
}

// linkBusy answers a link that started too many sessions this hour.
func (h *Handler) linkBusy(c *fiber.Ctx) error {
	c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(time.Hour.Seconds())))
	return h.renderFillInactive(c, fiber.StatusTooManyRequests, fillInactiveLinkBusy)
}

// enterFill gives this browser a fill session for assignment id and sends
// it on to /f. homeSession is the own-page session it was entered from
// ("" for the assignment's link).
func (h *Handler) enterFill(c *fiber.Ctx, id, homeSession string) error {
	// Opening the link again (tapping it twice in a message) keeps the
	// session this browser already has for the assignment, so a page left
	// open in another tab keeps saving with its CSRF token.
	cookie := ""
	if old := c.Cookies(h.CookieName(fillCookie)); old != "" {
		fs, err := h.Store.FillSessionByToken(c.UserContext(), old, h.Config.FillIdle)
		if err == nil && fs.AssignmentID == id {
			cookie = old
		} else if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if cookie == "" {
		// Only a new session is audited, and a link starts only so many
		// an hour: its holder cannot grow the session or audit tables.
		ok, err := h.linkOpened(c, id)
		if err != nil {
			return err
		}
		if !ok {
			return h.linkBusy(c)
		}
		if cookie, _, err = h.Store.CreateFillSessionFrom(c.UserContext(), id, homeSession); err != nil {
			return err
		}
	}
	h.SetCookie(c, fillCookie, cookie, h.Config.FillIdle)
	return httpx.Redirect(c, "/f")
}

// fillInactiveKind says which friendly "cannot continue" page to show.
type fillInactiveKind int

const (
	fillInactiveLink        fillInactiveKind = iota // the link is unknown, expired, revoked or cancelled
	fillInactiveSession                             // the page's session ended (idle, or the link changed)
	fillInactiveRateLimited                         // too many failed link attempts from this IP
	fillInactiveLinkBusy                            // this link started too many sessions this hour
)

type fillInactivePage struct {
	httpx.Base
	Kind      fillInactiveKind
	AfterPost bool // the client had just pressed a button: say how to keep what they typed
}

// renderFillInactive renders the same body for every request of a kind: no
// request id, no flash, nothing that tells one bad link from another.
func (h *Handler) renderFillInactive(c *fiber.Ctx, status int, kind fillInactiveKind) error {
	title := "This link is no longer active"
	switch kind {
	case fillInactiveSession:
		title = "This page has closed"
	case fillInactiveRateLimited:
		title = "Please wait a moment"
	case fillInactiveLinkBusy:
		title = "Please try again later"
	}
	c.Status(status)
	return h.Render(c, "client/inactive", fillInactivePage{Base: httpx.Base{Title: title}, Kind: kind,
		AfterPost: c.Method() == fiber.MethodPost})
}
