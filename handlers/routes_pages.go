package handlers

import "github.com/gofiber/fiber/v2"

// pageRoutes: the practitioner's HTML pages (issue 5).
func (h *Handler) pageRoutes(app *fiber.App) {}
