package fill

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// fillAnswersPage is the data of client/answers.html: a read-only copy,
// or only when it was sent once the copy is gone (Sheet.CopyGone).
type fillAnswersPage struct {
	httpx.Base
	Sheet    fillHead
	Sections []worksheets.ReadableSection
	Locked   bool // an edit arrived after submission
}

// showFillAnswers shows what the client sent; before submission, the form.
func (h *Handler) showFillAnswers(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if !fillSubmitted(v) {
		return httpx.Redirect(c, "/f/form")
	}
	return h.renderFillAnswers(c, fiber.StatusOK, v, false)
}

// renderFillAnswers renders the read-only copy; locked says an edit or a
// second submit arrived after submission and changed nothing.
func (h *Handler) renderFillAnswers(c *fiber.Ctx, status int, v *models.AssignmentView, locked bool) error {
	def := v.Worksheet.Def
	p := fillAnswersPage{Base: httpx.Base{Title: "Your answers: " + def.Title}, Sheet: h.fillHeadOf(c, v), Locked: locked}
	if p.Sheet.CopyGone {
		p.Title = "Sent: " + def.Title
	} else {
		p.Sections = worksheets.Readable(def, v.Answers)
	}
	c.Status(status)
	return h.Render(c, "client/answers", p)
}
