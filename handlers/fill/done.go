package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// fillDonePage is the data of client/done.html.
type fillDonePage struct {
	httpx.Base
	Sheet      fillHead
	Crisis     bool
	CrisisText string
}

// showFillDonePage thanks the client. When a flag fired on their answers it
// also shows, first and plainly, where to get help now (TEND_CRISIS_TEXT).
func (h *Handler) showFillDonePage(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if !fillSubmitted(v) {
		return httpx.Redirect(c, "/f/form")
	}
	return h.Render(c, "client/done", fillDonePage{Base: httpx.Base{Title: "Thank you"}, Sheet: fillHeadOf(v),
		Crisis: len(v.Flags) > 0, CrisisText: h.Config.CrisisText})
}
