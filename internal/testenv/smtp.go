package testenv

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log"
	"mime"
	"mime/multipart"
	"net"
	"net/mail"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
)

// SMTP modes: how the test relay answers.
const (
	SMTPAccept    = iota // take every message
	SMTPTempFail         // refuse RCPT TO with 451 (try later)
	SMTPDropAfter        // take the message, then drop the connection before answering
)

// SMTPServer is a real SMTP relay in the test process (emersion/go-smtp):
// what Tend sends arrives in Messages, and the conversation in Log.
type SMTPServer struct {
	Addr string
	t    testing.TB
	mu   sync.Mutex
	msgs []Mail
	mode int
	log  bytes.Buffer
	srv  *smtp.Server
	ln   net.Listener
}

// Mail is one message the relay took, parsed.
type Mail struct {
	From    string
	To      []string
	Raw     string
	Header  mail.Header
	Subject string
	Text    string
	HTML    string
}

// NewSMTP starts a relay on a free local port, stopped after the test.
func NewSMTP(t testing.TB) *SMTPServer {
	t.Helper()
	s := &SMTPServer{t: t}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s.Addr = ln.Addr().String()
	s.serve(ln)
	t.Cleanup(s.Stop)
	return s
}

func (s *SMTPServer) serve(ln net.Listener) {
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) { return &smtpSession{s: s, c: c}, nil }))
	srv.Domain = "relay.test"
	srv.AllowInsecureAuth = true
	srv.Debug = lockedBuf{s}
	srv.ErrorLog = log.New(lockedBuf{s}, "smtp/server ", 0)
	s.mu.Lock()
	s.srv, s.ln = srv, ln
	s.mu.Unlock()
	go srv.Serve(ln)
}

// Stop closes the relay: connections are refused until Start.
func (s *SMTPServer) Stop() {
	s.mu.Lock()
	srv, ln := s.srv, s.ln
	s.srv, s.ln = nil, nil
	s.mu.Unlock()
	if srv != nil {
		srv.Close()
		ln.Close() // Serve may not have taken it yet
	}
}

// Start listens again on the same address.
func (s *SMTPServer) Start() {
	s.t.Helper()
	var ln net.Listener
	var err error
	for i := 0; i < 50; i++ {
		if ln, err = net.Listen("tcp", s.Addr); err == nil {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if err != nil {
		s.t.Fatal(err)
	}
	s.serve(ln)
}

// SetMode sets how the relay answers from now on.
func (s *SMTPServer) SetMode(m int) { s.mu.Lock(); s.mode = m; s.mu.Unlock() }

// Messages returns what has arrived so far.
func (s *SMTPServer) Messages() []Mail {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Mail(nil), s.msgs...)
}

// Log is the relay's whole conversation so far (commands and data).
func (s *SMTPServer) Log() string { s.mu.Lock(); defer s.mu.Unlock(); return s.log.String() }

// Config is the mail setting that points Tend at this relay.
func (s *SMTPServer) Config() config.Mail {
	host, port, _ := net.SplitHostPort(s.Addr)
	p, _ := strconv.Atoi(port)
	return config.Mail{Scheme: config.SMTPPlain, Host: host, Port: p, From: "Tend <tend@tend.test>"}
}

// WithSMTP points the Tend under test at relay s.
func WithSMTP(s *SMTPServer) Option { return func(c *config.Config) { c.Mail = s.Config() } }

type lockedBuf struct{ s *SMTPServer }

func (b lockedBuf) Write(p []byte) (int, error) {
	b.s.mu.Lock()
	defer b.s.mu.Unlock()
	return b.s.log.Write(p)
}

type smtpSession struct {
	s    *SMTPServer
	c    *smtp.Conn
	from string
	to   []string
}

func (x *smtpSession) Reset()        { x.from, x.to = "", nil }
func (x *smtpSession) Logout() error { return nil }
func (x *smtpSession) Mail(from string, _ *smtp.MailOptions) error {
	x.from = from
	return nil
}

func (x *smtpSession) Rcpt(to string, _ *smtp.RcptOptions) error {
	x.s.mu.Lock()
	mode := x.s.mode
	x.s.mu.Unlock()
	if mode == SMTPTempFail {
		return &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0}, Message: "try again later"}
	}
	x.to = append(x.to, to)
	return nil
}

func (x *smtpSession) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m := parseMail(x.s.t, raw)
	m.From, m.To = x.from, x.to
	x.s.mu.Lock()
	x.s.msgs = append(x.s.msgs, m)
	mode := x.s.mode
	x.s.mu.Unlock()
	if mode == SMTPDropAfter {
		x.c.Conn().Close()
		return errors.New("dropped")
	}
	return nil
}

// parseMail reads a message with net/mail and its text and HTML parts
// with mime/multipart (which undoes quoted-printable).
func parseMail(t testing.TB, raw []byte) Mail {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		t.Errorf("relay: unreadable message: %v", err)
		return Mail{Raw: string(raw)}
	}
	dec := new(mime.WordDecoder)
	subj, _ := dec.DecodeHeader(msg.Header.Get("Subject"))
	m := Mail{Raw: string(raw), Header: msg.Header, Subject: subj}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		b, _ := io.ReadAll(msg.Body)
		m.Text = string(b)
		return m
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err != nil {
			break
		}
		b, _ := io.ReadAll(p)
		switch ct := p.Header.Get("Content-Type"); {
		case strings.HasPrefix(ct, "text/plain"):
			m.Text = string(b)
		case strings.HasPrefix(ct, "text/html"):
			m.HTML = string(b)
		}
	}
	return m
}

// WaitMessages waits up to d for at least n messages and returns them.
func (s *SMTPServer) WaitMessages(n int, d time.Duration) []Mail {
	s.t.Helper()
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		if m := s.Messages(); len(m) >= n {
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	m := s.Messages()
	s.t.Fatalf("relay: %d messages after %s, want %d", len(m), d, n)
	return m
}

// DeliverMail makes one delivery try of every queued message, as the
// DeliverMessage job would (whatever its planned time), and returns how
// many it tried.
func (e *Env) DeliverMail() int {
	e.T.Helper()
	rows, _, err := e.Store.Outbox(context.Background(), models.OutboxQueued, models.Page{Limit: 100})
	if err != nil {
		e.T.Fatal(err)
	}
	for i := len(rows) - 1; i >= 0; i-- { // oldest first
		if err := e.Tend.Mail.Deliver(context.Background(), rows[i].ID); err != nil {
			e.T.Fatalf("deliver: %v", err)
		}
	}
	return len(rows)
}
