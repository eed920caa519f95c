package handlers

import "github.com/gofiber/fiber/v2"

// archiveClient archives a client; their open links stop working.
func (h *Handler) archiveClient(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.store.ArchiveClient(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	h.store.Audit(c.UserContext(), pageActor(c), "client.archive", "client", id)
	h.flash(c, "Client archived. Their open links no longer work.")
	return redirect(c, "/clients/"+id)
}

// restoreClient brings an archived client back (links stay stopped).
func (h *Handler) restoreClient(c *fiber.Ctx) error {
	id := c.Params("id")
	if err := h.store.RestoreClient(c.UserContext(), me(c).ID, id); err != nil {
		return err
	}
	h.store.Audit(c.UserContext(), pageActor(c), "client.restore", "client", id)
	h.flash(c, "Client restored. Re-issue a link for any open assignment.")
	return redirect(c, "/clients/"+id)
}
