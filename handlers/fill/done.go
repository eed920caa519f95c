package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// fillDonePage is the data of client/done.html.
type fillDonePage struct {
	httpx.Base
	Sheet fillHead
	Help  fillHelp
}

// showFillDonePage thanks the client, with help matched to the highest
// severity their answers raised: the crisis contacts first and plainly for
// a high flag, a medium flag's own warm words, or nothing extra.
func (h *Handler) showFillDonePage(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if !fillSubmitted(v) {
		return httpx.Redirect(c, "/f/form")
	}
	return h.Render(c, "client/done", fillDonePage{Base: httpx.Base{Title: "Thank you"}, Sheet: h.fillHeadOf(c, v),
		Help: h.helpAfterSend(v)})
}
