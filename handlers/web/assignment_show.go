package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type assignmentPage struct {
	httpx.Base
	A          *models.AssignmentView
	Sections   []worksheets.ReadableSection
	Scores     []scoreView
	OpenFlags  []models.Flag
	SeenFlags  []models.Flag
	Notes      []models.NoteView
	NoteDraft  string
	NoteAction string // where the note form posts
	Errors     fieldErrors
	LinkState  string // active | expired | stopped
	HasAnswers bool
	Draft      bool // the client is still working on it
	CanReview  bool
	CanChange  bool // re-issue and cancel
}

// scoreView is a score with what its band means.
type scoreView struct {
	models.Score
	Interpretation string
}

// showAssignmentPage: the review page of one assignment.
func (h *Handler) showAssignmentPage(c *fiber.Ctx) error {
	a, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	h.AuditRead(c, "assignment.view", "assignment", a.ID)
	return h.renderAssignment(c, a, "", nil)
}

func (h *Handler) renderAssignment(c *fiber.Ctx, a *models.AssignmentView, noteDraft string, errs fieldErrors) error {
	p := assignmentPage{Base: h.Base(c, "clients", a.Worksheet.Title+" · "+a.ClientName), A: a, NoteDraft: noteDraft, NoteAction: "/assignments/" + a.ID + "/notes", Errors: errs}
	var def *worksheets.Definition
	if a.Worksheet != nil {
		def = a.Worksheet.Def
	}
	p.HasAnswers = a.Answers != nil
	p.Draft = a.Status == models.StatusInProgress || a.Status == models.StatusAssigned
	if p.HasAnswers {
		p.Sections = worksheets.Readable(def, a.Answers)
	}
	for _, s := range a.Scores {
		sv := scoreView{Score: s}
		if def != nil {
			for _, sc := range def.Scales {
				if sc.ID == s.Scale {
					sv.Interpretation = sc.Interpretation
				}
			}
		}
		p.Scores = append(p.Scores, sv)
	}
	for _, f := range a.Flags {
		if f.AcknowledgedAt == nil {
			p.OpenFlags = append(p.OpenFlags, f)
		} else {
			p.SeenFlags = append(p.SeenFlags, f)
		}
	}
	switch {
	case h.LinkActive(a.Assignment):
		p.LinkState = "active"
	case a.LinkRevokedAt == nil && a.Status != models.StatusCancelled:
		p.LinkState = "expired"
	default:
		p.LinkState = "stopped"
	}
	p.CanReview = a.Status == models.StatusSubmitted
	p.CanChange = a.Status == models.StatusAssigned || a.Status == models.StatusInProgress
	var err error
	if p.Notes, err = h.Store.Notes(c.UserContext(), httpx.Me(c).ID, a.ClientID, a.ID); err != nil {
		return err
	}
	return h.Render(c, "pages/assignment", p)
}
