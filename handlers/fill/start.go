package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// fillStartPage is the data of client/start.html.
type fillStartPage struct {
	httpx.Base
	Sheet fillHead
}

// showFillStartPage introduces the worksheet: who sent it, their instructions,
// when it is due, how long it takes, who can see the answers, and that the
// client can stop any time. Start or Continue leads to the form; once
// submitted, to the read-only copy.
func (h *Handler) showFillStartPage(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	b := h.Base(c, "", v.Worksheet.Def.Title)
	return h.Render(c, "client/start", fillStartPage{Base: b, Sheet: fillHeadOf(v)})
}
