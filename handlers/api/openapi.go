package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/openapi"
)

// apiOpenAPI serves the OpenAPI 3.1 document of the JSON APIs.
func (h *Handler) apiOpenAPI(c *fiber.Ctx) error {
	doc, err := openapi.Document()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, fiber.MIMEApplicationJSON)
	return c.Send(doc)
}
