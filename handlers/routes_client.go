package handlers

import "github.com/gofiber/fiber/v2"

// clientRoutes: what a client reaches with a private link (issue 4).
func (h *Handler) clientRoutes(app *fiber.App) {}
