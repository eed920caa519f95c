package web

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// assignedPage shows the links of several worksheets assigned at once,
// each once (as the link page does for one).
type assignedPage struct {
	httpx.Base
	Client *models.ClientView
	Links  []assignedLink
	// BaseURLProblem: see linkPage.
	BaseURLProblem, BaseURL string
}

// assignedLink is one new assignment with its link and QR code; Link is ""
// when it was already shown.
type assignedLink struct {
	Assignment *models.AssignmentView
	Link       string
	QR         qrCode
}

// toAssignedPage keeps the new links for one view and goes to the page
// that shows them: the link page for one, the assigned page for several.
func (h *Handler) toAssignedPage(c *fiber.Ctx, clientID string, vs []*models.AssignmentView, toks []string) error {
	if len(vs) == 1 {
		return h.toLinkPage(c, vs[0].ID, toks[0], false)
	}
	to := "/clients/" + clientID + "/assigned?"
	for i, v := range vs {
		err := h.Store.PutLinkFlash(c.UserContext(), httpx.Me(c).ID, httpx.Session(c).TokenHash, v.ID, toks[i], false)
		if err != nil {
			return err
		}
		if i > 0 {
			to += "&"
		}
		to += "a=" + v.ID
	}
	return httpx.Redirect(c, to)
}

// showAssignedPage shows each new link and its QR code once (never cached).
func (h *Handler) showAssignedPage(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	cl, err := h.Store.ClientByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	pg := assignedPage{Client: cl, BaseURLProblem: h.Config.BaseURLProblem(), BaseURL: h.Config.BaseURL}
	ids := c.Context().QueryArgs().PeekMulti("a")
	if len(ids) > models.MaxAssignAtOnce {
		ids = ids[:models.MaxAssignAtOnce]
	}
	for _, id := range ids {
		v, err := h.Store.AssignmentByID(ctx, pid, string(id))
		if errors.Is(err, models.ErrNotFound) || (err == nil && v.ClientID != cl.ID) {
			continue
		}
		if err != nil {
			return err
		}
		l := assignedLink{Assignment: v}
		if l.Link, l.QR, _, err = h.takeLink(c, v.ID, h.LinkURL); err != nil {
			return err
		}
		pg.Links = append(pg.Links, l)
	}
	pg.Base = h.Base(c, "clients", "Worksheets assigned")
	return h.Render(c, "pages/assigned", pg)
}
