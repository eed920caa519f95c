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
// first ("add:<repeat>", "remove:<repeat>:<row>"). Invalid answers come
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
		if fillRemoveRow(def, ans, rid, row) {
			next = "/f/form#q-" + rid
		}
	}
	cleaned, verrs := def.ValidateAnswers(ans, worksheets.Draft)
	if st.errs = append(errs, verrs...); len(st.errs) > 0 {
		return h.renderFillForm(c, fiber.StatusUnprocessableEntity, v, st)
	}
	_, _, err = h.Store.SaveDraft(c.UserContext(), v.ID, version, cleaned)
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
	}
	switch next {
	case "/f":
		h.Flash(c, "Your answers are saved. You can close this page and come back any time with your link.")
	case "/f/form":
		h.Flash(c, "Your answers are saved.")
	}
	return httpx.Redirect(c, next)
}

// fillRowAction splits "add:<repeat>" and "remove:<repeat>:<row>".
func fillRowAction(a string) (kind, repeatID string, row int) {
	parts := strings.Split(a, ":")
	switch {
	case len(parts) == 2 && parts[0] == "add":
		return "add", parts[1], -1
	case len(parts) == 3 && parts[0] == "remove":
		if n, err := strconv.Atoi(parts[2]); err == nil && n >= 0 {
			return "remove", parts[1], n
		}
	}
	return "", "", -1
}

// fillAddRow appends an empty row to a table (within its row limit) and
// returns the new row's number.
func fillAddRow(def *worksheets.Definition, ans worksheets.Answers, rid string) (int, bool) {
	it, ok := def.ItemByID(rid)
	if !ok || it.Type != worksheets.TypeRepeat || strings.Contains(rid, ".") {
		return 0, false
	}
	rows, _ := ans[rid].([]any)
	if len(rows) >= it.RowLimit() {
		return 0, false
	}
	ans[rid] = append(rows, map[string]any{})
	return len(rows), true
}

// fillRemoveRow removes row n of a table.
func fillRemoveRow(def *worksheets.Definition, ans worksheets.Answers, rid string, n int) bool {
	it, ok := def.ItemByID(rid)
	if !ok || it.Type != worksheets.TypeRepeat {
		return false
	}
	rows, _ := ans[rid].([]any)
	if n >= len(rows) {
		return false
	}
	ans[rid] = append(rows[:n:n], rows[n+1:]...)
	return true
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
