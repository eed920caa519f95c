// Package config reads Tend's configuration from the environment (and a .env
// file in development, through godotenv) into a typed struct, validated at
// start. It owns every TEND_* variable and its default; it must never import
// any other Tend package.
package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"strings"
	"time"

	"github.com/joho/godotenv"
)

// DefaultCrisisText is shown to a client when a high-severity flag fires.
const DefaultCrisisText = "If you are in danger now, call your local emergency number (112 in Europe, 911 in North America, 999 in the UK, 000 in Australia). " +
	"If you are thinking about hurting yourself, you can talk to someone today: find a free, confidential helpline in your country at https://findahelpline.com. " +
	"You can also tell your practitioner — you do not have to wait for your next session."

// DefaultLeaveURL is the neutral site "Leave this page" opens.
const DefaultLeaveURL = "https://www.bbc.co.uk/weather"

// Config is every setting Tend reads. See .env.example for the documentation.
type Config struct {
	Addr         string
	MetricsAddr  string // host:port of the /metrics listener; "" leaves it off
	DatabaseURL  string
	BaseURL      string
	KeyFile      string // keyring file; used when Keys is empty
	Keys         string // a base64 key, or a keyring "ID:BASE64,ID:BASE64" (the last is active)
	KeysVar      string // the variable Keys came from, for error lines
	LinkTTL      time.Duration
	LinkAfterDue time.Duration
	SessionIdle  time.Duration
	SessionMax   time.Duration
	FillIdle     time.Duration
	CrisisText   string
	// AnswersVisibleFor is how long after sending the client's link still
	// shows their answers; after that it says only when they were sent.
	AnswersVisibleFor time.Duration
	// LeaveURL is the neutral site the "Leave this page" button opens.
	LeaveURL          string
	PDFConcurrency    int
	PDFWait           time.Duration // how long a PDF request waits for a slot before 503
	TrustedProxies    []string
	SecureCookies     bool
	LogLevel          string
	BodyLimit         int
	LinkFailuresPerIP int           // failed link attempts per minute before 429
	DBTimeout         time.Duration // deadline of a request's database work
	StartTimeout      time.Duration // how long start waits for the database
	ShutdownDrain     time.Duration // /readyz is 503 this long before the listener closes
	ShutdownTimeout   time.Duration // how long requests in flight may finish after that
	// Mail is the SMTP relay and alert webhook; its zero value is email off.
	Mail Mail
	// Require2FA: a practitioner without a second factor is sent to set
	// one up and can reach nothing else until it is on.
	Require2FA bool
}

// Load reads the environment, applies defaults and validates. An error names
// the variable and the reason in one line.
func Load(getenv func(string) string) (Config, error) {
	c := Config{
		Addr:              or(getenv("TEND_ADDR"), "localhost:8080"),
		MetricsAddr:       getenv("TEND_METRICS_ADDR"),
		DatabaseURL:       or(getenv("TEND_DATABASE_URL"), "sqlite:tend.db"),
		KeyFile:           getenv("TEND_ENCRYPTION_KEY_FILE"),
		Keys:              getenv("TEND_ENCRYPTION_KEY"),
		KeysVar:           "TEND_ENCRYPTION_KEY",
		CrisisText:        or(getenv("TEND_CRISIS_TEXT"), DefaultCrisisText),
		LogLevel:          or(getenv("TEND_LOG_LEVEL"), "info"),
		LeaveURL:          or(getenv("TEND_LEAVE_URL"), DefaultLeaveURL),
		PDFConcurrency:    runtime.NumCPU(),
		BodyLimit:         1 << 20,
		LinkFailuresPerIP: 20,
	}
	var errs []error
	dur := func(name string, def time.Duration, dst *time.Duration) {
		v := getenv(name)
		if v == "" {
			*dst = def
			return
		}
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive duration like 720h or 30m", name, v))
			return
		}
		*dst = d
	}
	num := func(name string, dst *int) {
		v := getenv(name)
		if v == "" {
			return
		}
		n, err := strconv.Atoi(v)
		if err != nil || n <= 0 {
			errs = append(errs, fmt.Errorf("%s: %q is not a positive whole number", name, v))
			return
		}
		*dst = n
	}
	dur("TEND_LINK_TTL", 30*24*time.Hour, &c.LinkTTL)
	dur("TEND_LINK_AFTER_DUE", 14*24*time.Hour, &c.LinkAfterDue)
	dur("TEND_SESSION_IDLE", time.Hour, &c.SessionIdle)
	dur("TEND_SESSION_MAX", 24*time.Hour, &c.SessionMax)
	dur("TEND_FILL_IDLE", time.Hour, &c.FillIdle)
	dur("TEND_ANSWERS_VISIBLE_FOR", 72*time.Hour, &c.AnswersVisibleFor)
	dur("TEND_PDF_WAIT", 10*time.Second, &c.PDFWait)
	dur("TEND_DB_TIMEOUT", 10*time.Second, &c.DBTimeout)
	dur("TEND_START_TIMEOUT", 30*time.Second, &c.StartTimeout)
	dur("TEND_SHUTDOWN_DRAIN", 5*time.Second, &c.ShutdownDrain)
	dur("TEND_SHUTDOWN_TIMEOUT", 20*time.Second, &c.ShutdownTimeout)
	num("TEND_PDF_CONCURRENCY", &c.PDFConcurrency)
	num("TEND_BODY_LIMIT", &c.BodyLimit)
	num("TEND_LINK_FAILURES_PER_MINUTE", &c.LinkFailuresPerIP)

	switch v := getenv("TEND_REQUIRE_2FA"); strings.ToLower(v) {
	case "", "false":
	case "true":
		c.Require2FA = true
	default:
		errs = append(errs, fmt.Errorf("TEND_REQUIRE_2FA: %q must be true or false", v))
	}

	if p := strings.TrimSpace(getenv("TEND_TRUSTED_PROXIES")); p != "" {
		for _, s := range strings.Split(p, ",") {
			if s = strings.TrimSpace(s); s != "" {
				c.TrustedProxies = append(c.TrustedProxies, s)
			}
		}
	}
	c.BaseURL = strings.TrimRight(getenv("TEND_BASE_URL"), "/")
	if c.BaseURL == "" {
		c.BaseURL = "http://" + c.Addr
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("TEND_BASE_URL: %q must be an absolute http(s) URL like https://tend.example.org", c.BaseURL))
	} else {
		c.SecureCookies = u.Scheme == "https"
	}
	if u, err := url.Parse(c.LeaveURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("TEND_LEAVE_URL: %q must be an absolute http(s) URL like %s", c.LeaveURL, DefaultLeaveURL))
	}
	if !strings.HasPrefix(c.DatabaseURL, "sqlite:") && !strings.HasPrefix(c.DatabaseURL, "postgres://") && !strings.HasPrefix(c.DatabaseURL, "postgresql://") {
		errs = append(errs, fmt.Errorf("TEND_DATABASE_URL: must start with sqlite: or postgres://"))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("TEND_LOG_LEVEL: %q must be debug, info, warn or error", c.LogLevel))
	}
	// TEND_ENCRYPTION_KEYS is the older name of TEND_ENCRYPTION_KEY.
	if old := getenv("TEND_ENCRYPTION_KEYS"); old != "" {
		if c.Keys != "" {
			errs = append(errs, fmt.Errorf("TEND_ENCRYPTION_KEYS: is the older name of TEND_ENCRYPTION_KEY; set only one"))
		}
		c.Keys, c.KeysVar = old, "TEND_ENCRYPTION_KEYS"
	}
	switch {
	case c.Keys != "" && c.KeyFile != "":
		errs = append(errs, fmt.Errorf("%s: set it or TEND_ENCRYPTION_KEY_FILE, not both", c.KeysVar))
	case c.Keys == "" && c.KeyFile == "":
		c.KeyFile = "tend.key"
	}
	errs = append(errs, hostPort("TEND_ADDR", c.Addr, "localhost:8080 or :8080"))
	if c.MetricsAddr != "" {
		errs = append(errs, hostPort("TEND_METRICS_ADDR", c.MetricsAddr, "127.0.0.1:9090"))
		if c.MetricsAddr == c.Addr && !strings.HasSuffix(c.Addr, ":0") {
			errs = append(errs, fmt.Errorf("TEND_METRICS_ADDR: %q is TEND_ADDR too; metrics need a listener of their own", c.MetricsAddr))
		}
	}
	var mailErrs []error
	c.Mail, mailErrs = loadMail(getenv)
	errs = append(errs, mailErrs...)
	return c, errors.Join(errs...)
}

// hostPort checks that the variable name holds host:port with a port from
// 0 to 65535 (nil when it does); like is an example for the error line.
func hostPort(name, v, like string) error {
	_, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%s: %q must be host:port, like %s", name, v, like)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%s: %q needs a port number from 0 to 65535", name, v)
	}
	return nil
}

// LoadDotEnv sets the variables of a .env file (godotenv syntax: "#"
// comments, "export NAME=value", single or double quotes) that are not
// already set: real environment variables win. A missing file is fine. A
// malformed one is an error of one line naming the file, the line and the
// problem, never the values (the file may hold keys).
func LoadDotEnv(path string) error {
	data, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("config: read %s: %w", path, err)
	}
	vars, err := godotenv.UnmarshalBytes(data)
	if _, noName := vars[""]; err == nil && noName {
		err = errors.New("a value without a NAME")
	}
	if err != nil {
		return fmt.Errorf("config: %s line %d: %s", path, badLine(data), reason(err))
	}
	for k, v := range vars {
		if _, set := os.LookupEnv(k); !set {
			os.Setenv(k, v)
		}
	}
	return nil
}

// badLine finds the line where a .env file stops parsing: one after the
// longest run of leading lines that parses (a quoted value may span lines).
func badLine(data []byte) int {
	lines := strings.SplitAfter(string(data), "\n")
	for n := len(lines) - 1; n > 0; n-- {
		vars, err := godotenv.Unmarshal(strings.Join(lines[:n], ""))
		if _, noName := vars[""]; err == nil && !noName {
			return n + 1
		}
	}
	return 1
}

// reason is godotenv's message without the file text it quotes.
func reason(err error) string {
	msg := err.Error()
	if i := strings.Index(msg, " near "); i >= 0 {
		msg = msg[:i]
	}
	if strings.HasPrefix(msg, "unterminated quoted value") {
		msg = "unterminated quoted value"
	}
	return msg + " (want NAME=value, see .env.example)"
}

// SQLitePath returns the file path of a sqlite: URL, or "" for PostgreSQL.
func (c Config) SQLitePath() string {
	p, ok := strings.CutPrefix(c.DatabaseURL, "sqlite:")
	if !ok {
		return ""
	}
	return p
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}
