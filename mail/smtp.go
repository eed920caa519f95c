package mail

import (
	"context"
	"errors"
	"fmt"
	"net"
	netmail "net/mail"
	"regexp"
	"strings"
	"time"

	gomail "github.com/wneessen/go-mail"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
)

// Envelope is one email to send.
type Envelope struct {
	To        string
	Composed  Composed
	MessageID string // stable per outbox message: a relay can spot a repeat
	FromName  string
}

// Sender delivers one email and says whether another try is safe.
type Sender interface {
	Send(ctx context.Context, e Envelope) models.Delivery
}

// SMTP sends through the relay of TEND_SMTP_URL, one connection per message.
type SMTP struct {
	cfg     config.Mail
	timeout time.Duration
}

// NewSMTP returns a sender for cfg (which must be Enabled).
func NewSMTP(cfg config.Mail) *SMTP { return &SMTP{cfg: cfg, timeout: 20 * time.Second} }

func (s *SMTP) client() (*gomail.Client, error) {
	opts := []gomail.Option{gomail.WithPort(s.cfg.Port), gomail.WithTimeout(s.timeout)}
	switch s.cfg.Scheme {
	case config.SMTPTLS:
		opts = append(opts, gomail.WithSSL())
	case config.SMTPStartTLS:
		opts = append(opts, gomail.WithTLSPolicy(gomail.TLSMandatory))
	default:
		opts = append(opts, gomail.WithTLSPolicy(gomail.NoTLS))
	}
	if s.cfg.User != "" {
		opts = append(opts, gomail.WithSMTPAuth(gomail.SMTPAuthAutoDiscover),
			gomail.WithUsername(s.cfg.User), gomail.WithPassword(s.cfg.Password))
	}
	return gomail.NewClient(s.cfg.Host, opts...)
}

// message builds the MIME message: plain text with an HTML alternative.
func (s *SMTP) message(e Envelope) (*gomail.Msg, error) {
	m := gomail.NewMsg(gomail.WithNoDefaultUserAgent())
	if err := m.From(s.cfg.From); err != nil {
		return nil, err
	}
	if e.FromName != "" {
		// The practitioner's name, on Tend's own address.
		from, err := netmail.ParseAddress(s.cfg.From)
		if err != nil {
			return nil, err
		}
		if err := m.FromFormat(e.FromName+" via Tend", from.Address); err != nil {
			return nil, err
		}
	}
	if err := m.To(e.To); err != nil {
		return nil, errors.New("the recipient's address is not valid")
	}
	m.Subject(e.Composed.Subject)
	m.SetMessageIDWithValue(e.MessageID)
	m.SetDate()
	m.SetBodyString(gomail.TypeTextPlain, e.Composed.Text)
	if e.Composed.HTML != "" {
		m.AddAlternativeString(gomail.TypeTextHTML, e.Composed.HTML)
	}
	if e.Composed.Unsubscribe != "" {
		m.SetListUnsubscribe(e.Composed.Unsubscribe)
		m.SetListUnsubscribePost()
	}
	return m, nil
}

// Send delivers e. A refusal before the relay took the message (no
// connection, MAIL FROM, RCPT TO or DATA refused, or the relay answering
// the message's end with a refusal) is safe to retry; a connection lost
// while the message was going out is not: it may have been delivered.
func (s *SMTP) Send(ctx context.Context, e Envelope) models.Delivery {
	m, err := s.message(e)
	if err != nil {
		return models.Delivery{Refused: true, Err: "could not build the message: " + scrub(err.Error())}
	}
	c, err := s.client()
	if err != nil {
		return models.Delivery{Refused: true, Err: "mail settings: " + scrub(err.Error())}
	}
	if err := c.DialWithContext(ctx); err != nil {
		return models.Delivery{Retry: true, Err: "could not reach the relay: " + scrub(err.Error())}
	}
	defer c.Close()
	err = c.Send(m)
	if m.IsDelivered() {
		// Accepted: a failure afterwards (RSET, QUIT) changes nothing.
		return models.Delivery{Sent: true}
	}
	return classify(err)
}

func classify(err error) models.Delivery {
	raw := err.Error()
	if i := strings.Index(raw, ", affected message ID"); i >= 0 {
		raw = raw[:i]
	}
	d := models.Delivery{Err: scrub(raw)}
	var se *gomail.SendError
	if !errors.As(err, &se) {
		return d
	}
	switch se.Reason {
	case gomail.ErrConnCheck, gomail.ErrGetSender, gomail.ErrGetRcpts, gomail.ErrSMTPMailFrom, gomail.ErrSMTPRcptTo, gomail.ErrSMTPData:
		d.Retry = true
	case gomail.ErrSMTPDataClose, gomail.ErrWriteContent:
		// The relay answered the end of the message with a refusal: it did
		// not take it. Without an answer (connection lost) it may have.
		var ne net.Error
		d.Retry = se.ErrorCode() >= 400 && !errors.As(err, &ne)
		if !d.Retry {
			d.Err = "the connection broke before the relay confirmed the message (" + d.Err + ")"
		}
	}
	if se.ErrorCode() >= 500 && !se.IsTemp() && d.Retry {
		d.Retry, d.Refused = false, true
		d.Err = fmt.Sprintf("refused for good (%d): %s", se.ErrorCode(), d.Err)
	}
	return d
}

var addrPattern = regexp.MustCompile(`[^\s<>,;:"']+@[^\s<>,;:"']+`)

// scrub removes email addresses from a relay's error text: the admin sees
// what went wrong, never to whom.
func scrub(s string) string { return addrPattern.ReplaceAllString(s, "(an address)") }
