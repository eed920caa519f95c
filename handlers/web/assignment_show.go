package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

type assignmentPage struct {
	httpx.Base
	A         *models.AssignmentView
	Sections  []worksheets.ReadableSection
	Scores    []scoreView
	OpenFlags []models.FlagView // not acknowledged yet, withdrawn ones included
	SeenFlags []models.FlagView
	// Flagged marks the answers the standing flags' rules read: item id →
	// the highest severity.
	Flagged    map[string]string
	AckNotes   map[string]string // a flag's note as typed, after a 422
	ReviewNote string            // why "Mark reviewed" did not go through
	Notes      []models.NoteView
	NoteDraft  string
	NoteAction string // where the note form posts
	Errors     fieldErrors
	LinkState  string // active | expired | stopped
	HasAnswers bool
	Draft      bool // the client is still working on it
	CanReview  bool
	CanChange  bool // re-issue and cancel
	// SafetyPlan is the worksheet a high flag offers to assign next.
	SafetyPlan string
	// Drawings of the answers, for worksheets shaped like the support map
	// or the relationship timeline; nil otherwise.
	SupportMap *views.SupportMap
	Timeline   *views.Timeline
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
	return h.renderAssignment(c, a, assignmentForms{})
}

// assignmentForms is what the page's forms carry back after a 422.
type assignmentForms struct {
	NoteDraft  string
	Errors     fieldErrors // "text" (the note); "note-<flag id>" (an acknowledgement)
	AckNotes   map[string]string
	ReviewNote string
}

func (h *Handler) renderAssignment(c *fiber.Ctx, a *models.AssignmentView, f assignmentForms) error {
	p := assignmentPage{Base: h.Base(c, "clients", a.Worksheet.Title+" · "+a.ClientName), A: a, NoteDraft: f.NoteDraft,
		NoteAction: "/assignments/" + a.ID + "/notes", Errors: f.Errors, AckNotes: f.AckNotes, ReviewNote: f.ReviewNote,
		SafetyPlan: worksheets.SafetyPlanKey}
	var def *worksheets.Definition
	if a.Worksheet != nil {
		def = a.Worksheet.Def
	}
	p.HasAnswers = a.Answers != nil
	p.Draft = a.Status == models.StatusInProgress || a.Status == models.StatusAssigned
	if p.HasAnswers {
		p.Sections = worksheets.Readable(def, a.Answers)
		p.SupportMap, p.Timeline = views.NewSupportMap(def, a.Answers), views.NewTimeline(def, a.Answers)
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
	p.Flagged = map[string]string{}
	for _, f := range a.Flags {
		if f.AcknowledgedAt == nil {
			p.OpenFlags = append(p.OpenFlags, f)
		} else {
			p.SeenFlags = append(p.SeenFlags, f)
		}
		if rule, ok := def.FlagRule(f.Rule); ok && f.WithdrawnAt == nil {
			for _, id := range rule.When.Items() {
				if worksheets.SeverityRank(f.Severity) < worksheets.SeverityRank(p.Flagged[id]) {
					p.Flagged[id] = f.Severity
				}
			}
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
