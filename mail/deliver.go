package mail

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/tend-health/tend/jobs"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// Deliverer delivers outbox messages: the DeliverMessage job calls Deliver.
type Deliverer struct {
	Store   *models.Store
	Sender  Sender   // nil when email is off
	Webhook *Webhook // nil when the alert webhook is off
	BaseURL string
}

// Deliver makes one try at message id: the try is recorded first, then
// sent, then its outcome recorded. Running it again for a finished message
// does nothing; for a try that never finished it marks the message
// uncertain and sends nothing.
func (d *Deliverer) Deliver(ctx context.Context, id string) error {
	o, err := d.Store.BeginDelivery(ctx, id)
	if errors.Is(err, models.ErrNotFound) {
		return nil // erased with its client: nothing to send
	}
	if err != nil || o == nil {
		return err
	}
	var res models.Delivery
	switch {
	case o.Message.Kind == models.MailWebhook && d.Webhook != nil:
		res = d.Webhook.Post(ctx, o.Message.ID, WebhookAlert{Type: "flag", Severity: o.Payload.Severity,
			FlagURL: d.BaseURL + o.Payload.LinkPath})
	case o.Message.Kind != models.MailWebhook && d.Sender != nil:
		res = d.Sender.Send(ctx, Envelope{To: o.To, Composed: Compose(d.BaseURL, o), MessageID: MessageID(d.BaseURL, o.Message.ID), FromName: o.FromName})
	default:
		res = models.Delivery{Retry: true, Err: "sending is switched off on this server"}
	}
	// Sent (or given up) and the job's completion commit together.
	_, err = d.Store.FinishDelivery(ctx, o, res, func(tx *gorm.DB) error { return jobs.CompleteTx(ctx, tx) })
	return err
}

// MessageID is the Message-ID of outbox message id: the same on every try.
func MessageID(baseURL, id string) string {
	host := "tend.invalid"
	if u, err := url.Parse(baseURL); err == nil && u.Hostname() != "" {
		host = u.Hostname()
	}
	return fmt.Sprintf("%s@%s", id, host)
}
