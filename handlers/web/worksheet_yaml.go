package web

import (
	"fmt"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// worksheetYAML returns the YAML of the latest version of a worksheet the
// practitioner can see: a built-in's own file (with its layout), or a
// custom one written back from its definition.
func (h *Handler) worksheetYAML(c *fiber.Ctx, key string) (*models.WorksheetView, []byte, error) {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, key)
	if err != nil {
		return nil, nil, err
	}
	if w.Source == models.SourceBuiltin {
		if data, ok := worksheets.LibraryYAML(w.Key); ok {
			return w, data, nil
		}
	}
	data, err := worksheets.MarshalYAML(w.Def)
	return w, data, err
}

// downloadWorksheetYAML sends the YAML as a file download; the file name is
// made here from the key (which allows only a-z, 0-9 and "-").
func (h *Handler) downloadWorksheetYAML(c *fiber.Ctx) error {
	w, data, err := h.worksheetYAML(c, c.Params("key"))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/yaml; charset=utf-8")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="tend-%s-v%d.yaml"`, w.Key, w.Version))
	return c.Send(data)
}

// downloadWorksheetFHIR sends the latest version as a FHIR R4 Questionnaire
// file, for an EHR or any FHIR forms tool.
func (h *Handler) downloadWorksheetFHIR(c *fiber.Ctx) error {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	data, err := fhir.Marshal(fhir.ToQuestionnaire(w.Def, h.Config.BaseURL))
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/fhir+json")
	c.Set(fiber.HeaderContentDisposition, fmt.Sprintf(`attachment; filename="tend-%s-v%d.fhir.json"`, w.Key, w.Version))
	return c.Send(data)
}
