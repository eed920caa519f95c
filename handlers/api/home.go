package api

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// apiIssueHomeLink turns on (or re-issues) a client's own page: 201 {link},
// shown this once; an earlier link stops at once.
func (h *Handler) apiIssueHomeLink(c *fiber.Ctx) error {
	tok, err := h.Store.IssueHomeLink(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"link": h.HomeURL(tok)})
}

// apiRevokeHomeLink turns a client's own page off: 204, also when it was off.
func (h *Handler) apiRevokeHomeLink(c *fiber.Ctx) error {
	if err := h.Store.RevokeHomeLink(c.UserContext(), httpx.Me(c).ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
