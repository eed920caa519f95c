package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/views"
)

// fillStartPage is the data of client/start.html.
type fillStartPage struct {
	httpx.Base
	Sheet fillHead
	// Help is the crisis panel when the saved draft holds an answer that
	// raises a high flag: without JavaScript this is the next page after
	// "Save and finish later".
	Help fillHelp
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
	p := fillStartPage{Base: h.Base(c, "", v.Worksheet.Def.Title), Sheet: h.fillHeadOf(c, v)}
	if !fillSubmitted(v) && views.CrisisNow(v.Worksheet.Def, v.Answers) {
		p.Help = fillHelp{Crisis: true, Heading: crisisHeading, CrisisText: h.crisisText(v)}
	}
	return h.Render(c, "client/start", p)
}
