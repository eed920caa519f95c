package config

import (
	"errors"
	"fmt"
	"net/mail"
	"net/url"
	"os"
	"strconv"
	"strings"
)

// SMTP security modes of TEND_SMTP_URL.
const (
	SMTPPlain    = "smtp"          // no TLS (a relay on the same host or network)
	SMTPTLS      = "smtps"         // TLS from the first byte (port 465)
	SMTPStartTLS = "smtp+starttls" // STARTTLS required (port 587)
)

// Mail is where Tend sends email and alert webhooks. The zero value means
// email is off: Tend works as before and the pages say so.
type Mail struct {
	Scheme   string // SMTPPlain, SMTPTLS or SMTPStartTLS
	Host     string
	Port     int
	User     string
	Password string
	From     string // the From address (TEND_MAIL_FROM)
	// WebhookURL receives a signed POST per high-severity flag; "" is off.
	WebhookURL    string
	WebhookSecret string
}

// Enabled reports whether an SMTP relay is configured.
func (m Mail) Enabled() bool { return m.Host != "" }

// loadMail reads TEND_SMTP_URL (or the file TEND_SMTP_URL_FILE names),
// TEND_MAIL_FROM and the alert webhook. Errors never quote the URL: it may
// hold a password.
func loadMail(getenv func(string) string) (Mail, []error) {
	var m Mail
	var errs []error
	raw, name := strings.TrimSpace(getenv("TEND_SMTP_URL")), "TEND_SMTP_URL"
	if f := getenv("TEND_SMTP_URL_FILE"); f != "" {
		if raw != "" {
			errs = append(errs, errors.New("TEND_SMTP_URL_FILE: set it or TEND_SMTP_URL, not both"))
		}
		data, err := os.ReadFile(f)
		if err != nil {
			errs = append(errs, fmt.Errorf("TEND_SMTP_URL_FILE: cannot read %s", f))
		}
		raw, name = strings.TrimSpace(string(data)), "TEND_SMTP_URL_FILE"
	}
	from := strings.TrimSpace(getenv("TEND_MAIL_FROM"))
	if raw != "" {
		if err := m.parseSMTP(raw); err != nil {
			errs = append(errs, fmt.Errorf("%s: %s", name, err))
		}
		if from == "" {
			errs = append(errs, fmt.Errorf("TEND_MAIL_FROM: is required with %s, like Tend <tend@example.org>", name))
		}
	}
	if from != "" {
		if a, err := mail.ParseAddress(from); err != nil {
			errs = append(errs, fmt.Errorf("TEND_MAIL_FROM: %q is not an email address like Tend <tend@example.org>", from))
		} else {
			m.From = a.String()
		}
	}
	m.WebhookURL = strings.TrimSpace(getenv("TEND_ALERT_WEBHOOK_URL"))
	m.WebhookSecret = getenv("TEND_ALERT_WEBHOOK_SECRET")
	if m.WebhookURL != "" {
		if u, err := url.Parse(m.WebhookURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, errors.New("TEND_ALERT_WEBHOOK_URL: must be an absolute http(s) URL like https://pager.example.org/hooks/tend"))
		}
		if len(m.WebhookSecret) < 16 {
			errs = append(errs, errors.New("TEND_ALERT_WEBHOOK_SECRET: is required with TEND_ALERT_WEBHOOK_URL, at least 16 characters"))
		}
	}
	return m, errs
}

// parseSMTP reads smtp://, smtps:// or smtp+starttls://[user:pass@]host[:port].
func (m *Mail) parseSMTP(raw string) error {
	const like = "must look like smtp+starttls://user:password@mail.example.org:587 (or smtp://, smtps://)"
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return errors.New(like)
	}
	switch u.Scheme {
	case SMTPPlain:
		m.Port = 25
	case SMTPTLS:
		m.Port = 465
	case SMTPStartTLS:
		m.Port = 587
	default:
		return errors.New(like)
	}
	m.Scheme, m.Host = u.Scheme, u.Hostname()
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return errors.New("needs a port number from 1 to 65535")
		}
		m.Port = n
	}
	if u.User != nil {
		m.User = u.User.Username()
		m.Password, _ = u.User.Password()
	}
	if m.User != "" && m.Scheme == SMTPPlain && m.Host != "localhost" && m.Host != "127.0.0.1" {
		return errors.New("sends a password without encryption; use smtp+starttls:// or smtps://")
	}
	return nil
}
