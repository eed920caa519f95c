package web

import (
	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
)

// archiveClient archives a client; their open links stop working.
func (h *Handler) archiveClient(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.ArchiveClient(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Client archived. Their open links no longer work.")
	return httpx.Redirect(c, "/clients/"+id)
}

// restoreClient brings an archived client back (links stay stopped).
func (h *Handler) restoreClient(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.Store.RestoreClient(c.UserContext(), httpx.Me(c).ID, id); err != nil {
		return err
	}
	h.Flash(c, "Client restored. Re-issue a link for any open assignment.")
	return httpx.Redirect(c, "/clients/"+id)
}
