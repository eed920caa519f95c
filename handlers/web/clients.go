package web

import (
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type clientsPage struct {
	httpx.Base
	Query    string
	Archived bool
	Rows     []clientRow
	Older    string
}

// clientRow is a list entry: the address masked (l***@example.org).
type clientRow struct {
	models.Client
	Email string
}

// showClientsPage lists clients: search by name, active or archived, a
// page at a time.
func (h *Handler) showClientsPage(c *fiber.Ctx) error {
	q := httpx.Cut(strings.TrimSpace(c.Query("q")), 200)
	archived := c.Query("archived") == "1"
	rows, next, err := h.Store.ListClients(c.UserContext(), httpx.Me(c).ID, models.ClientFilter{Query: q, Archived: archived},
		models.Page{Cursor: c.Query("cursor"), Limit: 25})
	if err != nil {
		return err
	}
	list := make([]clientRow, len(rows))
	for i, r := range rows {
		list[i] = clientRow{r, h.Store.MaskedEmail(r)}
	}
	return h.Render(c, "pages/clients", clientsPage{Base: h.Base(c, "clients", "Clients"), Query: q, Archived: archived,
		Rows: list, Older: olderLink(c, "/clients", next, "q", "archived")})
}
