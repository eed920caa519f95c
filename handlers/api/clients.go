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
	// HomePageSince is when the client's own page was turned on (its
	// current link made); null while it is off.
	HomePageSince *time.Time `json:"home_page_since"`
	ArchivedAt    *time.Time `json:"archived_at"`
	CreatedAt     time.Time  `json:"created_at"`
}

// toClientJSON writes clients of the signed-in practitioner, with one
// query for whose own page is on.
func (h *Handler) toClientJSON(c *fiber.Ctx, cs ...models.Client) ([]clientJSON, error) {
	ids := make([]string, len(cs))
	for i, cl := range cs {
		ids[i] = cl.ID
	}
	on, err := h.Store.HomePagesSince(c.UserContext(), httpx.Me(c).ID, ids)
	if err != nil {
		return nil, err
	}
	out := make([]clientJSON, len(cs))
	for i, cl := range cs {
		var since *time.Time
		if t, ok := on[cl.ID]; ok {
			since = &t
		}
		out[i] = clientJSON{cl.ID, cl.DisplayName, h.Store.MaskedEmail(cl), cl.SendEmail, cl.UnsubscribedAt, since, cl.ArchivedAt, cl.CreatedAt}
	}
	return out, nil
}

// oneClientJSON answers with one client.
func (h *Handler) oneClientJSON(c *fiber.Ctx, status int, cl models.Client) error {
	out, err := h.toClientJSON(c, cl)
	if err != nil {
		return err
	}
	return c.Status(status).JSON(out[0])
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
	return h.oneClientJSON(c, fiber.StatusCreated, cl.Client)
}

func (h *Handler) apiListClients(c *fiber.Ctx) error {
	f := models.ClientFilter{Query: c.Query("q"), Archived: c.QueryBool("archived")}
	rows, next, err := h.Store.ListClients(c.UserContext(), httpx.Me(c).ID, f, pageFrom(c))
	if err != nil {
		return err
	}
	data, err := h.toClientJSON(c, rows...)
	if err != nil {
		return err
	}
	return c.JSON(listJSON[clientJSON]{Data: data, NextCursor: cursorPtr(next)})
}

func (h *Handler) apiGetClient(c *fiber.Ctx) error {
	cl, err := h.Store.ClientByID(c.UserContext(), httpx.Me(c).ID, c.Params("id"))
	if err != nil {
		return err
	}
	return h.oneClientJSON(c, fiber.StatusOK, cl.Client)
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
	return h.oneClientJSON(c, fiber.StatusOK, cl.Client)
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
