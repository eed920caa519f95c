package web

import (
	"slices"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// outboxStatuses are the filters of the outbox page, in its order.
var outboxStatuses = []string{models.OutboxQueued, models.OutboxSending, models.OutboxFailed, models.OutboxUnsure, models.OutboxSent, models.OutboxSkipped}

type outboxPage struct {
	httpx.Base
	MailOn   bool
	Status   string
	Statuses []string
	Counts   map[string]int64
	Rows     []models.MailMessage
	Older    string
	To       string
	Errors   fieldErrors
}

// showOutboxPage lists outgoing messages for the admin: what kind, its
// state, tries and the relay's last error; never to whom or what it says.
func (h *Handler) showOutboxPage(c *fiber.Ctx) error {
	return h.renderOutbox(c, outboxPage{To: httpx.Me(c).Email})
}

func (h *Handler) renderOutbox(c *fiber.Ctx, pg outboxPage) error {
	pg.Status = c.Query("status")
	if !slices.Contains(outboxStatuses, pg.Status) {
		pg.Status = ""
	}
	counts, err := h.Store.OutboxCount(c.UserContext())
	if err != nil {
		return err
	}
	rows, next, err := h.Store.Outbox(c.UserContext(), pg.Status, models.Page{Cursor: c.Query("cursor"), Limit: 50})
	if err != nil {
		return err
	}
	pg.Base, pg.MailOn, pg.Statuses, pg.Counts, pg.Rows = h.Base(c, "admin", "Outbox"), h.Store.MailOn(), outboxStatuses, counts, rows
	pg.Older = olderLink(c, "/admin/outbox", next, "status")
	if len(pg.Errors) > 0 {
		c.Status(fiber.StatusUnprocessableEntity)
	}
	return h.Render(c, "pages/outbox", pg)
}

// sendTestMail queues a test email to the address typed (the admin's own
// by default) through the same outbox as every message.
func (h *Handler) sendTestMail(c *fiber.Ctx) error {
	var f struct {
		To string `form:"to"`
	}
	if err := parsePageForm(c, &f); err != nil {
		return err
	}
	if !h.Store.MailOn() {
		return h.renderOutbox(c, outboxPage{To: f.To, Errors: fieldErrors{"to": "Email is off on this server: set TEND_SMTP_URL and TEND_MAIL_FROM, then restart Tend."}})
	}
	err := h.Store.QueueTestMail(c.UserContext(), httpx.Me(c).ID, f.To)
	if err != nil {
		errs := fieldErrors{}
		if !errs.fromValidation(err, map[string]string{"to": "The address"}, nil) {
			return err
		}
		return h.renderOutbox(c, outboxPage{To: f.To, Errors: errs})
	}
	h.Flash(c, "Test email queued. It appears below as sent once the relay has taken it.")
	return httpx.Redirect(c, "/admin/outbox")
}
