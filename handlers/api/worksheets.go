package api

import (
	"errors"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

type worksheetSummaryJSON struct {
	Key              string `json:"key"`
	Version          int    `json:"version"`
	Title            string `json:"title"`
	Description      string `json:"description"`
	EstimatedMinutes int    `json:"estimated_minutes"`
	ItemCount        int    `json:"item_count"`
	Source           string `json:"source"`
}

func (h *Handler) apiListWorksheets(c *fiber.Ctx) error {
	ws, err := h.Store.ListWorksheets(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	out := listJSON[worksheetSummaryJSON]{Data: make([]worksheetSummaryJSON, 0, len(ws))}
	for _, w := range ws {
		out.Data = append(out.Data, worksheetSummaryJSON{w.Key, w.Version, w.Def.Title, w.Def.Description,
			w.Def.EstimatedMinutes, w.Def.ItemCount(), w.Source})
	}
	return c.JSON(out)
}

func (h *Handler) apiGetWorksheet(c *fiber.Ctx) error {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	return c.JSON(w.Def)
}

// parseDefinition reads a YAML or JSON definition; problems come back as a
// slice for a 422.
func parseDefinition(contentType string, body []byte) (*worksheets.Definition, []worksheets.Problem, error) {
	var def *worksheets.Definition
	var err error
	if strings.HasPrefix(contentType, fiber.MIMEApplicationJSON) {
		def, err = worksheets.ParseJSON(body)
	} else {
		def, err = worksheets.Parse(body)
	}
	var de *worksheets.DefinitionError
	if errors.As(err, &de) {
		return nil, de.Problems, nil
	}
	if err != nil {
		return nil, []worksheets.Problem{{Message: "could not read the definition"}}, nil
	}
	return def, nil, nil
}

func (h *Handler) apiCreateWorksheet(c *fiber.Ctx) error {
	ct := c.Get(fiber.HeaderContentType)
	if strings.HasPrefix(ct, MIMEFHIRJSON) {
		return h.importQuestionnaire(c)
	}
	if !strings.HasPrefix(ct, fiber.MIMEApplicationJSON) && !strings.Contains(ct, "yaml") && ct != "" && !strings.HasPrefix(ct, "text/plain") {
		return httpx.APIError(c, fiber.StatusUnsupportedMediaType, "unsupported_media_type", "send application/yaml, application/json or application/fhir+json", nil)
	}
	def, probs, err := parseDefinition(ct, c.Body())
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "the worksheet definition has problems", probs)
	}
	w, err := h.Store.SaveCustomWorksheet(c.UserContext(), httpx.Me(c).ID, def)
	if errors.Is(err, models.ErrConflict) {
		return httpx.APIError(c, fiber.StatusConflict, "conflict", httpx.ConflictMessage(err), nil)
	}
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"key": w.Key, "version": w.Version})
}
