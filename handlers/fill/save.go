package fill

import (
	"errors"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// saveFillForm is the form's plain POST (it works without JavaScript): it saves
// the draft, and its "action" button may also add or remove a table row
// first ("add:<repeat>", "remove:<repeat>:<row>", "restore:<repeat>:<row>":
// "Put it back" after a removal). Invalid answers come
// back with the page as typed; a newer draft saved elsewhere is never
// overwritten without the client choosing to.
func (h *Handler) saveFillForm(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if fillSubmitted(v) {
		return h.renderFillAnswers(c, fiber.StatusConflict, v, true)
	}
	def := v.Worksheet.Def
	form := fillPostedForm(c)
	ans, errs := def.AnswersFromForm(form)
	version, _ := strconv.Atoi(fillLast(form["_version"]))
	st := fillFormState{answers: ans, version: version, key: fillLast(form["_submission"])}
	next, action := "/f", fillLast(form["action"])
	if action == "stay" {
		next = "/f/form"
	}
	switch kind, rid, row := fillRowAction(action); kind {
	case "add":
		if n, ok := fillAddRow(def, ans, rid); ok {
			next = "/f/form#q-" + rid + "-" + strconv.Itoa(n) + "-row"
		}
	case "remove":
		st.removed = fillRemoveRow(def, ans, rid, row, form)
	case "restore":
		if n, ok := fillRestoreRow(def, ans, rid, row, form); ok {
			next = "/f/form#q-" + rid + "-" + strconv.Itoa(n) + "-row"
		}
	}
	cleaned, verrs := def.ValidateAnswers(ans, worksheets.Draft)
	if st.errs = append(errs, verrs...); len(st.errs) > 0 {
		return h.renderFillForm(c, fiber.StatusUnprocessableEntity, v, st)
	}
	saved, _, err := h.Store.SaveDraft(c.UserContext(), v.ID, version, cleaned)
	var dc *models.DraftConflict
	switch {
	case errors.As(err, &dc):
		// Show what was typed, with the newer version's number: saving
		// again is then the client's explicit choice to keep this page.
		st.version, st.conflict = dc.Version, true
		return h.renderFillForm(c, fiber.StatusConflict, v, st)
	case errors.Is(err, models.ErrSubmitted):
		return h.renderFillAnswers(c, fiber.StatusConflict, v, true)
	case models.Unavailable(err):
		st.unavailable = true
		return h.renderFillForm(c, fiber.StatusServiceUnavailable, v, st)
	case err != nil:
		return err
	case st.removed != nil:
		// Shown at once, not after a redirect: the removed row's words
		// travel only in this page's form, for "Put it back".
		st.answers, st.version = cleaned, saved
		return h.renderFillForm(c, fiber.StatusOK, v, st)
	}
	switch next {
	case "/f":
		h.Flash(c, "Your answers are saved. You can close this page and come back any time with your link.")
	case "/f/form":
		h.Flash(c, "Your answers are saved.")
	}
	return httpx.Redirect(c, next)
}

// fillPostedForm returns a form post as name → values, in the shape
// worksheets.AnswersFromForm reads (urlencoded or multipart).
func fillPostedForm(c *fiber.Ctx) map[string][]string {
	if strings.HasPrefix(c.Get(fiber.HeaderContentType), fiber.MIMEMultipartForm) {
		if mf, err := c.MultipartForm(); err == nil {
			return mf.Value
		}
		return map[string][]string{}
	}
	out := map[string][]string{}
	for k, v := range c.Request().PostArgs().All() {
		out[string(k)] = append(out[string(k)], string(v))
	}
	return out
}

func fillLast(vals []string) string {
	if len(vals) == 0 {
		return ""
	}
	return vals[len(vals)-1]
}
