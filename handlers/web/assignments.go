package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

type assignmentsPage struct {
	Base
	Status   string
	Statuses []string
	Rows     []models.AssignmentRow
	Older    string
}

// showAssignmentsPage lists every assignment, optionally by status, newest
// first, a page at a time.
func (h *Handler) showAssignmentsPage(c *fiber.Ctx) error {
	status := c.Query("status")
	if status != "" && !assignmentStatuses[status] {
		status = ""
	}
	page := models.Page{Cursor: c.Query("cursor"), Limit: 25}
	rows, next, err := h.store.ListAssignments(c.UserContext(), me(c).ID, models.AssignmentFilter{Status: status}, page)
	if err != nil {
		return err
	}
	return h.renderPage(c, "pages/assignments", assignmentsPage{
		Base: h.base(c, "today", "Assignments"), Status: status, Rows: rows, Older: olderLink(c, "/assignments", next, "status"),
		Statuses: []string{models.StatusAssigned, models.StatusInProgress, models.StatusSubmitted, models.StatusReviewed, models.StatusCancelled},
	})
}
