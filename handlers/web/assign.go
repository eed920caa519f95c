package handlers

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

type assignForm struct {
	Worksheet    string `form:"worksheet"`
	DueOn        string `form:"due_on"`
	Instructions string `form:"instructions"`
}

type assignPage struct {
	Base
	Client     *models.ClientView
	Worksheets []*models.WorksheetView
	Form       assignForm
	Errors     fieldErrors
	MinDue     string
	// How long links live (from the config), for the due date's hint.
	LinkDays, AfterDueDays int
}

// linkPage shows a client link once: after assigning and after re-issuing.
// The link is in this response only; it is not stored anywhere.
type linkPage struct {
	Base
	Assignment *models.AssignmentView
	Link       string
	QR         qrCode
	Reissued   bool
}

var assignLabels = map[string]string{"worksheet": "The worksheet", "due_on": "The due date",
	"instructions": "The instructions", "client": "This client"}

func (h *Handler) showAssignPage(c *fiber.Ctx) error {
	cl, err := h.store.ClientByID(c.UserContext(), me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	f := assignForm{Worksheet: c.Query("worksheet"), DueOn: dueDefault(localDate(h.store.Now(), meLoc(c)))}
	return h.renderAssign(c, cl, f, nil)
}

func (h *Handler) renderAssign(c *fiber.Ctx, cl *models.ClientView, f assignForm, errs fieldErrors) error {
	ws, err := h.store.ListWorksheets(c.UserContext(), me(c).ID)
	if err != nil {
		return err
	}
	b := h.base(c, "clients", "Assign a worksheet")
	return h.renderPage(c, "pages/assign", assignPage{Base: b, Client: cl, Worksheets: ws, Form: f, Errors: errs,
		MinDue: localDate(h.store.Now(), b.Loc).Format("2006-01-02"), LinkDays: int(h.links.TTL.Hours() / 24),
		AfterDueDays: int(h.links.AfterDue.Hours() / 24)})
}

// assign gives the chosen worksheet to the client and shows the link once.
func (h *Handler) assign(c *fiber.Ctx) error {
	ctx, pid := c.UserContext(), me(c).ID
	cl, err := h.store.ClientByID(ctx, pid, c.Params("id"))
	if err != nil {
		return err
	}
	var f assignForm
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	errs := fieldErrors{}
	if f.Worksheet == "" {
		errs.add("worksheet", "Choose a worksheet.")
	}
	due, ok := parseDate(strings.TrimSpace(f.DueOn))
	if !ok {
		errs.add("due_on", "Enter the due date as a date, like 2026-12-31.")
	}
	if due != nil && due.Before(localDate(h.store.Now(), meLoc(c))) {
		errs.add("due_on", "The due date must not be in the past.")
	}
	if len(errs) == 0 {
		v, tok, err := h.store.CreateAssignment(ctx, pid, models.NewAssignment{ClientID: cl.ID, WorksheetKey: f.Worksheet,
			DueOn: due, Instructions: f.Instructions}, h.links)
		if err == nil {
			return h.showLinkOnce(c, v, tok, false)
		}
		if !errs.fromValidation(err, assignLabels, map[string]string{"worksheet_key": "worksheet", "client_id": "client"}) {
			return err
		}
	}
	c.Status(fiber.StatusUnprocessableEntity)
	return h.renderAssign(c, cl, f, errs)
}

// showLinkOnce renders the link page (200, never cached: see securityHeaders).
func (h *Handler) showLinkOnce(c *fiber.Ctx, v *models.AssignmentView, tok string, reissued bool) error {
	link := h.linkURL(tok)
	qr, err := newQR(link)
	if err != nil {
		return err
	}
	title := "Worksheet assigned"
	if reissued {
		title = "New link ready"
	}
	return h.renderPage(c, "pages/link", linkPage{Base: h.base(c, "clients", title), Assignment: v, Link: link, QR: qr, Reissued: reissued})
}

// dueDefault suggests a due date a week from today.
func dueDefault(now time.Time) string { return now.AddDate(0, 0, 7).Format("2006-01-02") }
