package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type worksheetsPage struct {
	httpx.Base
	Worksheets []*models.WorksheetView
}

// showWorksheetsPage lists every worksheet the practitioner can assign:
// the built-in library and their own.
func (h *Handler) showWorksheetsPage(c *fiber.Ctx) error {
	ws, err := h.Store.ListWorksheets(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	return h.Render(c, "pages/worksheets", worksheetsPage{Base: h.Base(c, "worksheets", "Worksheets"), Worksheets: ws})
}
