package web

import (
	"errors"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// assignForm is the assign page's form: one or several worksheets (check
// boxes), each given with the same due date and note.
type assignForm struct {
	Worksheets   []string `form:"worksheet"`
	DueOn        string   `form:"due_on"`
	Instructions string   `form:"instructions"`
}

type assignPage struct {
	httpx.Base
	Client     *models.ClientView
	Worksheets []*models.WorksheetView
	Form       assignForm
	Chosen     map[string]bool // the worksheets ticked
	Errors     fieldErrors
	MinDue     string
	// How long links live (from the config), for the due date's hint.
	LinkDays, AfterDueDays int
}

// linkPage shows a new client link once (after assigning or re-issuing):
// the link waits server-side for this one view. Later views show the
// assignment without it (Link is ""), with "Issue a new link".
type linkPage struct {
	httpx.Base
	Assignment *models.AssignmentView
	Link       string
	QR         qrCode
	Reissued   bool
	CanReissue bool // not yet submitted or cancelled, as on the assignment page
	// BaseURLProblem: links from TEND_BASE_URL cannot work for a client
	// (config.BaseURLLocal or config.BaseURLUnencrypted); BaseURL says which.
	BaseURLProblem, BaseURL string
}

var assignLabels = map[string]string{"worksheet": "The worksheets", "due_on": "The due date",
	"instructions": "The instructions", "client": "This client"}

func (h *Handler) showAssignPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	f := assignForm{Worksheets: []string{c.Query("worksheet")}, DueOn: dueDefault(httpx.LocalDate(h.Store.Now(), httpx.Location(c)))}
	return h.renderAssign(c, cl, f, nil)
}

func (h *Handler) renderAssign(c *fiber.Ctx, cl *models.ClientView, f assignForm, errs fieldErrors) error {
	ws, err := h.Store.ListWorksheets(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	b := h.Base(c, "clients", "Assign worksheets")
	chosen := map[string]bool{}
	for _, k := range f.Worksheets {
		chosen[k] = true
	}
	return h.Render(c, "pages/assign", assignPage{Base: b, Client: cl, Worksheets: ws, Form: f, Chosen: chosen, Errors: errs,
		MinDue: httpx.LocalDate(h.Store.Now(), b.Loc).Format("2006-01-02"), LinkDays: int(h.Links.TTL.Hours() / 24),
		AfterDueDays: int(h.Links.AfterDue.Hours() / 24)})
}

// assign gives the chosen worksheets to the client (all or none) and shows
// the new links once: one on the link page, several on the assigned page.
func (h *Handler) assign(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	cl, err := h.Store.ClientByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	var f assignForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if len(f.Worksheets) == 0 {
		errs.add("worksheet", "Choose at least one worksheet.")
	}
	due, problem := httpx.ParseDate(strings.TrimSpace(f.DueOn), httpx.DueBounds(httpx.LocalDate(h.Store.Now(), httpx.Location(c))))
	if problem != "" {
		errs.add("due_on", "The due date "+problem+".")
	}
	if len(errs) == 0 {
		in := models.NewAssignment{ClientID: cl.ID, DueOn: due, Instructions: f.Instructions}
		vs, toks, err := h.Store.CreateAssignments(ctx, pid, in, f.Worksheets, h.Links)
		if err == nil {
			return h.toAssignedPage(c, cl.ID, vs, toks)
		}
		if !errs.fromValidation(err, assignLabels, map[string]string{"worksheet_keys": "worksheet", "client_id": "client"}) {
			return err
		}
		if errs["worksheet"] != "" {
			// The boxes offer only the library's worksheets, once each.
			errs["worksheet"] = "One of the chosen worksheets is not in your library (or was chosen twice). Please choose again."
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderAssign(c, cl, f, errs)
}

// toLinkPage keeps a new link for the one view of the link page and goes
// there (post/redirect/get: a reload never assigns twice, and the token is
// in no URL, cookie or log line).
func (h *Handler) toLinkPage(c *fiber.Ctx, assignmentID, tok string, reissued bool) error {
	err := h.Store.PutLinkFlash(c.UserContext(), httpx.Me(c).ID, httpx.Session(c).TokenHash, assignmentID, tok, reissued)
	if err != nil {
		return err
	}
	return httpx.Redirect(c, "/assignments/"+assignmentID+"/link")
}

// showLinkPage shows the new link and its QR code once (never cached: see
// SecurityHeaders); after that, the assignment with "Issue a new link".
func (h *Handler) showLinkPage(c *fiber.Ctx) error {
	v, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	pg := linkPage{Assignment: v, BaseURLProblem: h.Config.BaseURLProblem(), BaseURL: h.Config.BaseURL,
		CanReissue: v.Status == models.StatusAssigned || v.Status == models.StatusInProgress}
	if pg.Link, pg.QR, pg.Reissued, err = h.takeLink(c, v.ID, h.LinkURL); err != nil {
		return err
	}
	title := "Client link"
	switch {
	case pg.Reissued:
		title = "New link ready"
	case pg.Link != "":
		title = "Worksheet assigned"
	}
	pg.Base = h.Base(c, "clients", title)
	return h.Render(c, "pages/link", pg)
}

// takeLink returns the new link waiting for objectID (an assignment, or a
// client whose own page link was issued) as a URL made by url, with its QR
// code; "" when none waits (already shown, too old, another session). A
// HEAD request (a link checker) must not use up the one view.
func (h *Handler) takeLink(c *fiber.Ctx, objectID string, url func(string) string) (link string, qr qrCode, reissued bool, err error) {
	if c.Method() != fiber.MethodGet {
		return "", qrCode{}, false, nil
	}
	tok, reissued, err := h.Store.TakeLinkFlash(c.UserContext(), httpx.Me(c).ID, httpx.Session(c).TokenHash, objectID)
	if errors.Is(err, models.ErrNotFound) {
		return "", qrCode{}, false, nil
	}
	if err != nil {
		return "", qrCode{}, false, err
	}
	link = url(tok)
	qr, err = newQR(link)
	return link, qr, reissued, err
}

// dueDefault suggests a due date a week from today.
func dueDefault(now time.Time) string { return now.AddDate(0, 0, 7).Format("2006-01-02") }
