package web

import (
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type assignForm struct {
	Worksheet    string `form:"worksheet"`
	DueOn        string `form:"due_on"`
	Instructions string `form:"instructions"`
}

type assignPage struct {
	httpx.Base
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
	httpx.Base
	Assignment *models.AssignmentView
	Link       string
	QR         qrCode
	Reissued   bool
}

var assignLabels = map[string]string{"worksheet": "The worksheet", "due_on": "The due date",
	"instructions": "The instructions", "client": "This client"}

func (h *Handler) showAssignPage(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	f := assignForm{Worksheet: c.Query("worksheet"), DueOn: dueDefault(httpx.LocalDate(h.Store.Now(), httpx.Location(c)))}
	return h.renderAssign(c, cl, f, nil)
}

func (h *Handler) renderAssign(c *fiber.Ctx, cl *models.ClientView, f assignForm, errs fieldErrors) error {
	ws, err := h.Store.ListWorksheets(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	b := h.Base(c, "clients", "Assign a worksheet")
	return h.Render(c, "pages/assign", assignPage{Base: b, Client: cl, Worksheets: ws, Form: f, Errors: errs,
		MinDue: httpx.LocalDate(h.Store.Now(), b.Loc).Format("2006-01-02"), LinkDays: int(h.Links.TTL.Hours() / 24),
		AfterDueDays: int(h.Links.AfterDue.Hours() / 24)})
}

// assign gives the chosen worksheet to the client and shows the link once.
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
	if f.Worksheet == "" {
		errs.add("worksheet", "Choose a worksheet.")
	}
	due, ok := httpx.ParseDate(strings.TrimSpace(f.DueOn))
	if !ok {
		errs.add("due_on", "Enter the due date as a date, like 2026-12-31.")
	}
	if due != nil && due.Before(httpx.LocalDate(h.Store.Now(), httpx.Location(c))) {
		errs.add("due_on", "The due date must not be in the past.")
	}
	if len(errs) == 0 {
		v, tok, err := h.Store.CreateAssignment(ctx, pid, models.NewAssignment{ClientID: cl.ID, WorksheetKey: f.Worksheet,
			DueOn: due, Instructions: f.Instructions}, h.Links)
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
	link := h.LinkURL(tok)
	qr, err := newQR(link)
	if err != nil {
		return err
	}
	title := "Worksheet assigned"
	if reissued {
		title = "New link ready"
	}
	return h.Render(c, "pages/link", linkPage{Base: h.Base(c, "clients", title), Assignment: v, Link: link, QR: qr, Reissued: reissued})
}

// dueDefault suggests a due date a week from today.
func dueDefault(now time.Time) string { return now.AddDate(0, 0, 7).Format("2006-01-02") }
