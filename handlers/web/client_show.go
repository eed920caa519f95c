package web

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/handlers/pdfdoc"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
)

type clientPage struct {
	httpx.Base
	Client      *models.ClientView
	Assignments []models.AssignmentRow
	Older       string
	Trends      []trendGroup
	HelpTally   *views.HelpTally // "Did you ask anyone for help?" by week; nil when never asked
	Notes       []models.NoteView
	NoteDraft   string
	NoteAction  string // where the note form posts
	Errors      fieldErrors
	Schedules   []models.ScheduleView
	Enrolments  []models.EnrolmentView
	HomeSince   *time.Time // since when their own page is on; nil when off
	// The session summary form's defaults (YYYY-MM-DD) and the session date
	// draft.
	SummaryFrom, SummaryTo, SessionOn string
}

// clientDrafts is what a client page form sent back when it was invalid.
type clientDrafts struct {
	Note, SessionOn string
	Errors          fieldErrors
}

// showClientPage: a client's assignments, score trends, session summary
// form and private notes.
func (h *Handler) showClientPage(c *fiber.Ctx) error {
	return h.renderClient(c, c.Params("id"), clientDrafts{})
}

// renderClient renders the client page, with a form's draft and its errors
// when that form was invalid.
func (h *Handler) renderClient(c *fiber.Ctx, id string, d clientDrafts) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	cl, err := h.Store.ClientByID(ctx, pid, id)
	if err != nil {
		return err
	}
	p := clientPage{Base: h.Base(c, "clients", cl.DisplayName), Client: cl, NoteDraft: d.Note, NoteAction: "/clients/" + cl.ID + "/notes",
		Errors: d.Errors, SessionOn: d.SessionOn}
	today := httpx.LocalDate(h.Store.Now(), p.Loc)
	from, to := pdfdoc.DefaultPeriod(cl, today)
	p.SummaryFrom, p.SummaryTo = from.Format(time.DateOnly), to.Format(time.DateOnly)
	if p.SessionOn == "" && d.Errors["session_on"] == "" {
		p.SessionOn = today.Format(time.DateOnly)
	}
	rows, next, err := h.Store.ListAssignments(ctx, pid, models.AssignmentFilter{ClientID: cl.ID},
		models.Page{Cursor: c.Query("cursor"), Limit: 20})
	if err != nil {
		return err
	}
	p.Assignments, p.Older = rows, olderLink(c, "/clients/"+cl.ID, next)
	trends, err := h.Store.ScoreTrends(ctx, pid, cl.ID)
	if err != nil {
		return err
	}
	p.Trends = trendGroups(trends, p.Loc)
	asked, err := h.Store.AskedHelpHistory(ctx, pid, cl.ID)
	if err != nil {
		return err
	}
	p.HelpTally = views.NewHelpTally(helpAnswers(asked), p.Loc)
	if p.Notes, err = h.Store.Notes(ctx, pid, cl.ID, ""); err != nil {
		return err
	}
	if p.Schedules, err = h.Store.Schedules(ctx, pid, cl.ID); err != nil {
		return err
	}
	if p.Enrolments, err = h.Store.Enrolments(ctx, pid, cl.ID); err != nil {
		return err
	}
	if p.HomeSince, err = h.Store.HomeLinkOf(ctx, pid, cl.ID); err != nil {
		return err
	}
	h.AuditRead(c, "client.view", "client", cl.ID)
	return h.Render(c, "pages/client", p)
}
