package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// The client's own page, as the practitioner runs it: turn it on (or issue
// a new link, which stops the old one), turn it off, and show the new link
// once, with a QR card to print and hand over.

// homeLinkPage is the data of pages/home_link.html.
type homeLinkPage struct {
	httpx.Base
	Client   *models.ClientView
	Link     string // "" when already shown
	QR       qrCode
	Reissued bool
	// BaseURLProblem: see linkPage.
	BaseURLProblem, BaseURL string
}

// issueHomeLink turns the client's own page on or gives it a new link,
// shown once on the home-link page.
func (h *Handler) issueHomeLink(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	wasOn, err := h.Store.HomePageOn(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	tok, err := h.Store.IssueHomeLink(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	// The flash is keyed by the client's id: ids are unique across tables.
	if err := h.Store.PutLinkFlash(ctx, pid, httpx.Session(c).TokenHash, c.Params("id"), tok, wasOn); err != nil {
		return err
	}
	return httpx.Redirect(c, "/clients/"+c.Params("id")+"/home-link")
}

// revokeHomeLink turns the client's own page off: its link and open pages
// stop at once.
func (h *Handler) revokeHomeLink(c *fiber.Ctx) error {
	if err := h.Store.RevokeHomeLink(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	h.Flash(c, "Their own page is off. The link no longer opens.")
	return httpx.Redirect(c, "/clients/"+c.Params("id")+"#home")
}

// showHomeLinkPage shows the new link and its QR card once (never cached);
// after that, that it was shown, with "Issue a new link".
func (h *Handler) showHomeLinkPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	pg := homeLinkPage{Client: cl, BaseURLProblem: h.Config.BaseURLProblem(), BaseURL: h.Config.BaseURL}
	if pg.Link, pg.QR, pg.Reissued, err = h.takeLink(c, cl.ID, h.HomeURL); err != nil {
		return err
	}
	pg.Base = h.Base(c, "clients", "Their own page")
	return h.Render(c, "pages/home_link", pg)
}
