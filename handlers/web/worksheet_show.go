package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type worksheetPage struct {
	httpx.Base
	W *models.WorksheetView
	// Conds says in words when an item is shown (by item id), FlagConds
	// when a flag is raised (by flag id).
	Conds, FlagConds map[string]string
}

// showWorksheetPage previews a worksheet as the client will see it (not
// fillable), with the practitioner's guide, scales and flags.
func (h *Handler) showWorksheetPage(c *fiber.Ctx) error {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	p := worksheetPage{Base: h.Base(c, "worksheets", w.Def.Title), W: w, Conds: map[string]string{}, FlagConds: map[string]string{}}
	for _, s := range w.Def.Sections {
		for _, it := range s.Items {
			if it.ShowIf != nil {
				p.Conds[it.ID] = it.ShowIf.Words(w.Def, worksheets.PractitionerVoice, nil)
			}
		}
	}
	for _, f := range w.Def.Flags {
		p.FlagConds[f.ID] = f.When.Words(w.Def, worksheets.PractitionerVoice, nil)
	}
	return h.Render(c, "pages/worksheet", p)
}
