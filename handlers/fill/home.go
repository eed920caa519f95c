package fill

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// A client's own page (/c/<token>): the same rules as an assignment link.
// The token is exchanged at once for a session cookie (tend_home) scoped
// to that client, and the browser goes on to the token-free /c. From
// there the client enters any of their own open worksheets (POST /c/open):
// the store checks that it is this client's, given by their practitioner,
// and live; the fill session it starts ends with the page's link.

const (
	// homeCookie holds a client's own-page session (its hash is stored).
	homeCookie = "tend_home"
	// localHome holds the *models.HomeSession of a request.
	localHome = "home"
)

// openHome exchanges an own-page link for a session cookie and sends the
// browser on to /c. Unknown, re-issued and revoked links (and those of an
// archived client) get the same page and status as a dead assignment
// link; failures count in the same per-IP bucket.
func (h *Handler) openHome(c *fiber.Ctx) error {
	tok := c.Params("token")
	clientID, err := h.Store.ClientByHomeLink(c.UserContext(), tok)
	if errors.Is(err, models.ErrNotFound) {
		return h.deadLink(c, tok, "client")
	}
	if err != nil {
		return err
	}
	httpx.SetActor(c, fillLinkActor(c, tok))
	// Opening the link again keeps the session this browser has for it:
	// one audit row per session, not per tap.
	cookie := ""
	if old := c.Cookies(h.CookieName(homeCookie)); old != "" {
		hs, err := h.Store.HomeSessionByToken(c.UserContext(), old, h.Config.FillIdle)
		if err == nil && hs.LinkHash == models.HashToken(tok) {
			cookie = old
		} else if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if cookie == "" {
		ok, err := h.opened(c, "home-open:"+clientID, "home.open", "client", clientID)
		if err != nil {
			return err
		}
		if !ok {
			return h.linkBusy(c)
		}
		if cookie, err = h.Store.CreateHomeSession(c.UserContext(), clientID, tok); err != nil {
			return err
		}
	}
	h.SetCookie(c, homeCookie, cookie, h.Config.FillIdle)
	return httpx.Redirect(c, "/c")
}

// homePage requires a live own-page session from the cookie, slides the
// cookie's lifetime and checks CSRF on every POST. A missing, idle or
// revoked session gets the calm "this page has closed" page.
func (h *Handler) homePage(c *fiber.Ctx) error {
	tok := c.Cookies(h.CookieName(homeCookie))
	var hs *models.HomeSession
	if tok != "" {
		var err error
		hs, err = h.Store.HomeSessionByToken(c.UserContext(), tok, h.Config.FillIdle)
		if err != nil && !errors.Is(err, models.ErrNotFound) {
			return err
		}
	}
	if hs == nil {
		if tok != "" {
			h.SetCookie(c, homeCookie, "", -1)
		}
		return h.renderFillInactive(c, fiber.StatusNotFound, fillInactiveSession)
	}
	if err := httpx.CheckCSRF(c, hs.CSRFToken); err != nil {
		return err
	}
	h.SetCookie(c, homeCookie, tok, h.Config.FillIdle)
	c.Locals(localHome, hs)
	httpx.SetActor(c, models.Actor{Type: "client", ID: "home:" + hs.TokenHash[:8], IP: httpx.ClientIP(c)})
	return c.Next()
}

func homeSession(c *fiber.Ctx) *models.HomeSession {
	hs, _ := c.Locals(localHome).(*models.HomeSession)
	return hs
}

// homeListPage is the data of client/home.html.
type homeListPage struct {
	httpx.Base
	Who        string
	Open       []models.HomeItem
	Sent       []homeSent
	CrisisText string
}

// homeSent is a sent worksheet; CopyShown while the client's copy of the
// answers is still shown (TEND_ANSWERS_VISIBLE_FOR, as after sending).
type homeSent struct {
	models.HomeItem
	CopyShown bool
}

// showHomePage lists what is open now and what was sent (dates only).
func (h *Handler) showHomePage(c *fiber.Ctx) error {
	hs := homeSession(c)
	v, err := h.Store.HomeList(c.UserContext(), hs.ClientID)
	if err != nil {
		return err
	}
	b := h.Base(c, "", "Your worksheets")
	b.CSRF = hs.CSRFToken
	p := homeListPage{Base: b, Who: fillHead{Practitioner: v.PractitionerName}.Who(), Open: v.Open, CrisisText: h.crisisOr(v.CrisisText)}
	now := h.Store.Now()
	for _, it := range v.Sent {
		shown := it.Openable && it.SubmittedAt != nil && now.Before(it.SubmittedAt.Add(h.Config.AnswersVisibleFor))
		p.Sent = append(p.Sent, homeSent{HomeItem: it, CopyShown: shown})
	}
	return h.Render(c, "client/home", p)
}

// enterFromHome starts (or keeps) the fill session of one of the client's
// own live assignments and goes to it, with no second token. Anything that
// is not theirs or no longer open sends them back to their list.
func (h *Handler) enterFromHome(c *fiber.Ctx) error {
	hs := homeSession(c)
	id, err := h.Store.HomeOpenable(c.UserContext(), hs.ClientID, c.FormValue("assignment"))
	if errors.Is(err, models.ErrNotFound) {
		h.Flash(c, "That worksheet is no longer open. Here is what you have now.")
		return httpx.Redirect(c, "/c")
	}
	if err != nil {
		return err
	}
	return h.enterFill(c, id, hs.TokenHash)
}
