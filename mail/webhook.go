package mail

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/tend-health/tend/models"
)

// Webhook posts flag alerts to TEND_ALERT_WEBHOOK_URL, signed.
type Webhook struct {
	URL    string
	Secret string
	Client *http.Client
}

// WebhookAlert is the JSON body: no client, no answer, no flag text.
type WebhookAlert struct {
	Type     string `json:"type"` // "flag"
	Severity string `json:"severity"`
	FlagURL  string `json:"flag_url"`
}

// Sign is the X-Tend-Signature of body: "sha256=" and the hex HMAC-SHA256
// of the body keyed by the shared secret.
func Sign(secret string, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Post sends one alert; deliveryID (the outbox id, X-Tend-Delivery) lets
// the receiver drop a repeat. A 2xx is sent; a 4xx other than 408 and 429
// is refused for good; anything else is tried again.
func (w *Webhook) Post(ctx context.Context, deliveryID string, a WebhookAlert) models.Delivery {
	body, err := json.Marshal(a)
	if err != nil {
		return models.Delivery{Err: err.Error()}
	}
	ctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return models.Delivery{Refused: true, Err: "the webhook address is not valid"}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Tend-Signature", Sign(w.Secret, body))
	req.Header.Set("X-Tend-Delivery", deliveryID)
	hc := w.Client
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return models.Delivery{Retry: true, Err: "the webhook did not answer"}
	}
	defer resp.Body.Close()
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	switch c := resp.StatusCode; {
	case c >= 200 && c < 300:
		return models.Delivery{Sent: true}
	case c >= 400 && c < 500 && c != 408 && c != 429:
		return models.Delivery{Refused: true, Err: fmt.Sprintf("the webhook answered %d", c)}
	default:
		return models.Delivery{Retry: true, Err: fmt.Sprintf("the webhook answered %d", c)}
	}
}
