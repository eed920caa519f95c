package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type assignmentsPage struct {
	httpx.Base
	Status   string
	Statuses []string
	Rows     []models.AssignmentRow
	Older    string
}

// showAssignmentsPage lists every assignment, optionally by status, newest
// first, a page at a time.
func (h *Handler) showAssignmentsPage(c *fiber.Ctx) error {
	status := c.Query("status")
	if status != "" && !httpx.IsAssignmentStatus(status) {
		status = ""
	}
	page := models.Page{Cursor: c.Query("cursor"), Limit: 25}
	rows, next, err := h.Store.ListAssignments(c.UserContext(), httpx.Me(c).ID, models.AssignmentFilter{Status: status}, page)
	if err != nil {
		return err
	}
	return h.Render(c, "pages/assignments", assignmentsPage{
		Base: h.Base(c, "today", "Assignments"), Status: status, Rows: rows, Older: olderLink(c, "/assignments", next, "status"),
		Statuses: []string{models.StatusAssigned, models.StatusInProgress, models.StatusSubmitted, models.StatusReviewed, models.StatusCancelled},
	})
}
