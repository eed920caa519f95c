package api

import (
	"errors"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/fhir"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/handlers/pdfdoc"
	"github.com/tend-health/tend/models"
)

// MIMEFHIRJSON is the media type of FHIR resources in JSON.
const MIMEFHIRJSON = "application/fhir+json"

func (h *Handler) sendFHIR(c *fiber.Ctx, resource any) error {
	js, err := fhir.Marshal(resource)
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, MIMEFHIRJSON)
	return c.Send(js)
}

func (h *Handler) apiWorksheetFHIR(c *fiber.Ctx) error {
	w, err := h.Store.LatestWorksheet(c.UserContext(), httpx.Me(c).ID, c.Params("key"))
	if err != nil {
		return err
	}
	return h.sendFHIR(c, fhir.ToQuestionnaire(w.Def, h.Config.BaseURL))
}

func (h *Handler) apiAssignmentFHIR(c *fiber.Ctx) error {
	v, err := h.Store.AssignmentByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	h.AuditRead(c, "assignment.export", "assignment", v.ID)
	return h.sendFHIR(c, fhir.ToResponse(v.Worksheet.Def, v.Answers, pdfdoc.ResponseInfo(v, h.Config.BaseURL)))
}

// importQuestionnaire saves a FHIR Questionnaire as a custom worksheet;
// the answer lists what Tend left out or changed.
func (h *Handler) importQuestionnaire(c *fiber.Ctx) error {
	def, report, err := fhir.FromQuestionnaire(c.Body())
	var ie *fhir.ImportError
	if errors.As(err, &ie) {
		return httpx.APIError(c, fiber.StatusUnprocessableEntity, "invalid", "the questionnaire cannot become a worksheet", ie.Problems)
	}
	if err != nil {
		return err
	}
	w, err := h.Store.SaveCustomWorksheet(c.UserContext(), httpx.Me(c).ID, def)
	if errors.Is(err, models.ErrConflict) {
		return httpx.APIError(c, fiber.StatusConflict, "conflict", httpx.ConflictMessage(err), nil)
	}
	if err != nil {
		return err
	}
	if report == nil {
		report = []fhir.Issue{}
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"key": w.Key, "version": w.Version, "report": report})
}
