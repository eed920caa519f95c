package handlers

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

type worksheetsPage struct {
	Base
	Worksheets []*models.WorksheetView
}

// showWorksheetsPage lists every worksheet the practitioner can assign:
// the built-in library and their own.
func (h *Handler) showWorksheetsPage(c *fiber.Ctx) error {
	ws, err := h.store.ListWorksheets(c.UserContext(), me(c).ID)
	if err != nil {
		return err
	}
	return h.renderPage(c, "pages/worksheets", worksheetsPage{Base: h.base(c, "worksheets", "Worksheets"), Worksheets: ws})
}
