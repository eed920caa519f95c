package api

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

type clientJSON struct {
	ID          string `json:"id"`
	DisplayName string `json:"display_name"`
	// Email is masked (l***@example.org): the full address never leaves.
	Email          string     `json:"email,omitempty"`
	SendEmail      bool       `json:"send_email"`
	UnsubscribedAt *time.Time `json:"unsubscribed_at"`
	ArchivedAt     *time.Time `json:"archived_at"`
	CreatedAt      time.Time  `json:"created_at"`
}

func (h *Handler) toClientJSON(c models.Client) clientJSON {
	return clientJSON{c.ID, c.DisplayName, h.Store.MaskedEmail(c), c.SendEmail, c.UnsubscribedAt, c.ArchivedAt, c.CreatedAt}
}

// clientRequest is the body of POST and PATCH /clients: only these fields
// are read; ids and owners never come from a body.
type clientRequest struct {
	DisplayName *string `json:"display_name"`
	Email       *string `json:"email"`
	SendEmail   *bool   `json:"send_email"`
}

func (r clientRequest) input() models.ClientInput {
	return models.ClientInput{DisplayName: r.DisplayName, Email: r.Email, SendEmail: r.SendEmail}
}

type listJSON[T any] struct {
	Data       []T     `json:"data"`
	NextCursor *string `json:"next_cursor"`
}

func cursorPtr(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func pageFrom(c *fiber.Ctx) models.Page {
	return models.Page{Cursor: c.Query("cursor"), Limit: c.QueryInt("limit", 50)}
}

func (h *Handler) apiCreateClient(c *fiber.Ctx) error {
	var req clientRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	cl, err := h.Store.CreateClient(c.UserContext(), httpx.Me(c).ID, req.input())
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(h.toClientJSON(cl.Client))
}

func (h *Handler) apiListClients(c *fiber.Ctx) error {
	f := models.ClientFilter{Query: c.Query("q"), Archived: c.QueryBool("archived")}
	rows, next, err := h.Store.ListClients(c.UserContext(), httpx.Me(c).ID, f, pageFrom(c))
	if err != nil {
		return err
	}
	out := listJSON[clientJSON]{Data: make([]clientJSON, 0, len(rows)), NextCursor: cursorPtr(next)}
	for _, r := range rows {
		out.Data = append(out.Data, h.toClientJSON(r))
	}
	return c.JSON(out)
}

func (h *Handler) apiGetClient(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return c.JSON(h.toClientJSON(cl.Client))
}

func (h *Handler) apiUpdateClient(c *fiber.Ctx) error {
	var req clientRequest
	if err := httpx.ParseJSON(c, &req); err != nil {
		return err
	}
	cl, err := h.Store.UpdateClient(c.UserContext(), httpx.Me(c).ID, c.Params("id"), req.input())
	if err != nil {
		return err
	}
	return c.JSON(h.toClientJSON(cl.Client))
}

// apiArchiveClient archives a client, or with ?erase=true deletes them and
// everything about them (the owner, or an admin for any client).
func (h *Handler) apiArchiveClient(c *fiber.Ctx) error {
	me := httpx.Me(c)
	switch c.Query("erase") {
	case "true":
		if err := h.Store.EraseClient(c.UserContext(), me.ID, c.Params("id"), me.Role == models.RoleAdmin); err != nil {
			return err
		}
		return c.SendStatus(fiber.StatusNoContent)
	case "", "false":
	default:
		return httpx.FieldError("erase", "must be true or false")
	}
	if err := h.Store.ArchiveClient(c.UserContext(), me.ID, c.Params("id")); err != nil {
		return err
	}
	return c.SendStatus(fiber.StatusNoContent)
}
