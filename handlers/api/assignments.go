package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type worksheetRefJSON struct {
	Key     string `json:"key"`
	Version int    `json:"version"`
	Title   string `json:"title"`
}

type assignmentJSON struct {
	ID            string             `json:"id"`
	ClientID      string             `json:"client_id"`
	Status        string             `json:"status"`
	Worksheet     worksheetRefJSON   `json:"worksheet"`
	DueOn         *string            `json:"due_on"`
	Instructions  string             `json:"instructions"`
	CreatedAt     time.Time          `json:"created_at"`
	SubmittedAt   *time.Time         `json:"submitted_at"`
	Answers       worksheets.Answers `json:"answers"`
	Scores        []scoreJSON        `json:"scores"`
	Flags         []flagJSON         `json:"flags"`
	LinkExpiresAt time.Time          `json:"link_expires_at"`
	LinkActive    bool               `json:"link_active"`
}

type scoreJSON struct {
	Scale string   `json:"scale"`
	Title string   `json:"title"`
	Value *float64 `json:"value"`
	Band  string   `json:"band"`
	Note  string   `json:"note,omitempty"`
	// Prorated: scored with some items skipped, counted as the mean of the answered ones.
	Prorated bool `json:"prorated"`
}

// flagJSON is one flag: source "draft" (in answers not yet sent) or
// "submitted"; withdrawn_at when the answer was changed back; the
// acknowledgement's note and who made it.
type flagJSON struct {
	ID             string     `json:"id"`
	Rule           string     `json:"rule"`
	Severity       string     `json:"severity"`
	Message        string     `json:"message"`
	Source         string     `json:"source"`
	RaisedAt       time.Time  `json:"raised_at"`
	WithdrawnAt    *time.Time `json:"withdrawn_at"`
	Acknowledged   *time.Time `json:"acknowledged_at"`
	AcknowledgedBy string     `json:"acknowledged_by,omitempty"`
	Note           string     `json:"note,omitempty"`
}

func (h *Handler) toAssignmentJSON(v *models.AssignmentView) assignmentJSON {
	out := assignmentJSON{ID: v.ID, ClientID: v.ClientID, Status: v.Status,
		Worksheet: worksheetRefJSON{v.Worksheet.Key, v.Worksheet.Version, v.Worksheet.Title},
		DueOn:     httpx.DateString(v.DueOn), Instructions: v.Instructions, CreatedAt: v.CreatedAt, SubmittedAt: v.SubmittedAt,
		Answers: v.Answers, Scores: []scoreJSON{}, Flags: []flagJSON{}, LinkExpiresAt: v.LinkExpiresAt, LinkActive: h.LinkActive(v.Assignment)}
	for _, s := range v.Scores {
		out.Scores = append(out.Scores, scoreJSON{s.Scale, s.Title, s.Value, s.Band, s.Note, s.Prorated})
	}
	for _, f := range v.Flags {
		out.Flags = append(out.Flags, flagJSON{ID: f.ID, Rule: f.Rule, Severity: f.Severity, Message: f.Message, Source: f.Source,
			RaisedAt: f.CreatedAt, WithdrawnAt: f.WithdrawnAt, Acknowledged: f.AcknowledgedAt, AcknowledgedBy: f.AckByName, Note: f.AckNote})
	}
	return out
}

// assignmentRequest gives one worksheet (worksheet_key) or several at once
// (worksheet_keys, each its own assignment with its own link).
type assignmentRequest struct {
	WorksheetKey  string   `json:"worksheet_key"`
	WorksheetKeys []string `json:"worksheet_keys"`
	DueOn         string   `json:"due_on"`
	Instructions  string   `json:"instructions"`
}

// apiCreateAssignment answers 201 with the new assignment and its link, or
// for worksheet_keys 201 {data: [assignment, ...]} in the order given.
func (h *Handler) apiCreateAssignment(c *fiber.Ctx) error {
	var req assignmentRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	if req.WorksheetKeys != nil && req.WorksheetKey != "" {
		return httpx.FieldError("worksheet_keys", "send worksheet_key or worksheet_keys, not both")
	}
	due, problem := httpx.ParseDate(req.DueOn, httpx.DueBounds(httpx.LocalDate(h.Store.Now(), httpx.Location(c))))
	if problem != "" {
		return httpx.FieldError("due_on", problem)
	}
	in := models.NewAssignment{ClientID: c.Params("id"), WorksheetKey: req.WorksheetKey, DueOn: due, Instructions: req.Instructions}
	if req.WorksheetKeys == nil {
		v, tok, err := h.Store.CreateAssignment(c.UserContext(), httpx.Me(c).ID, in, h.Links)
		if err != nil {
			return err
		}
		return c.Status(fiber.StatusCreated).JSON(h.newAssignmentJSON(v, tok))
	}
	vs, toks, err := h.Store.CreateAssignments(c.UserContext(), httpx.Me(c).ID, in, req.WorksheetKeys, h.Links)
	if err != nil {
		return err
	}
	out := make([]fiber.Map, len(vs))
	for i, v := range vs {
		out[i] = h.newAssignmentJSON(v, toks[i])
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"data": out})
}

// newAssignmentJSON is a new assignment with its link, shown this once.
func (h *Handler) newAssignmentJSON(v *models.AssignmentView, tok string) fiber.Map {
	return fiber.Map{"id": v.ID, "status": v.Status,
		"worksheet": worksheetRefJSON{v.Worksheet.Key, v.Worksheet.Version, v.Worksheet.Title},
		"due_on":    httpx.DateString(v.DueOn), "link": h.LinkURL(tok), "link_expires_at": v.LinkExpiresAt}
}

func (h *Handler) apiListAssignments(c *fiber.Ctx) error {
	f := models.AssignmentFilter{Status: c.Query("status"), ClientID: c.Query("client_id")}
	if f.Status != "" && !httpx.IsAssignmentStatus(f.Status) {
		return httpx.FieldError("status", "must be assigned, in_progress, submitted, reviewed or cancelled")
	}
	rows, next, err := h.Store.ListAssignments(c.UserContext(), httpx.Me(c).ID, f, pageFrom(c))
	if err != nil {
		return err
	}
	type rowJSON struct {
		ID             string     `json:"id"`
		ClientID       string     `json:"client_id"`
		ClientName     string     `json:"client_name"`
		Status         string     `json:"status"`
		WorksheetKey   string     `json:"worksheet_key"`
		WorksheetTitle string     `json:"worksheet_title"`
		DueOn          *string    `json:"due_on"`
		CreatedAt      time.Time  `json:"created_at"`
		SubmittedAt    *time.Time `json:"submitted_at"`
	}
	out := listJSON[rowJSON]{Data: make([]rowJSON, 0, len(rows)), NextCursor: cursorPtr(next)}
	for _, r := range rows {
		out.Data = append(out.Data, rowJSON{r.ID, r.ClientID, r.ClientName, r.Status, r.WorksheetKey, r.WorksheetTitle,
			httpx.DateString(r.DueOn), r.CreatedAt, r.SubmittedAt})
	}
	return c.JSON(out)
}

func (h *Handler) apiGetAssignment(c *fiber.Ctx) error {
	v, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	h.AuditRead(c, "assignment.view", "assignment", v.ID)
	return c.JSON(h.toAssignmentJSON(v))
}

func (h *Handler) apiReissueLink(c *fiber.Ctx) error {
	v, tok, err := h.Store.ReissueLink(c.UserContext(), httpx.Me(c).ID, c.Params("id"), h.Links)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": v.ID, "link": h.LinkURL(tok), "link_expires_at": v.LinkExpiresAt})
}

func (h *Handler) apiCancelAssignment(c *fiber.Ctx) error {
	if err := h.Store.CancelAssignment(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

func (h *Handler) apiMarkReviewed(c *fiber.Ctx) error {
	if err := h.Store.MarkReviewed(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}

// acknowledgeRequest is the optional body of POST /api/v1/flags/:id/acknowledge;
// note is required for a high flag.
type acknowledgeRequest struct {
	Note string `json:"note"`
}

func (h *Handler) apiAcknowledgeFlag(c *fiber.Ctx) error {
	var req acknowledgeRequest
	if len(c.Body()) > 0 {
		if err := httpx.ParseJSON(c, &req); err != nil {
			return err
		}
	}
	if err := h.Store.AcknowledgeFlag(c.UserContext(), httpx.Me(c).ID, c.Params("id"), req.Note); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
