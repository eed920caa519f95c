package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMailSettings: the three SMTP forms with their default ports, the URL
// from a file, and email off when nothing is set.
func TestMailSettings(t *testing.T) {
	t.Parallel()
	c, err := Load(env(nil))
	if err != nil || c.Mail.Enabled() {
		t.Fatalf("default: %+v %v", c.Mail, err)
	}
	for url, want := range map[string]Mail{
		"smtp://localhost":                           {Scheme: SMTPPlain, Host: "localhost", Port: 25},
		"smtps://u:p%40ss@mail.example.org":          {Scheme: SMTPTLS, Host: "mail.example.org", Port: 465, User: "u", Password: "p@ss"},
		"smtp+starttls://u:pw@mail.example.org:2525": {Scheme: SMTPStartTLS, Host: "mail.example.org", Port: 2525, User: "u", Password: "pw"},
		"smtp+starttls://apikey:x@smtp.example.org":  {Scheme: SMTPStartTLS, Host: "smtp.example.org", Port: 587, User: "apikey", Password: "x"},
	} {
		c, err := Load(env(map[string]string{"TEND_SMTP_URL": url, "TEND_MAIL_FROM": "Tend <tend@example.org>"}))
		want.From = `"Tend" <tend@example.org>`
		if err != nil || c.Mail != want || !c.Mail.Enabled() {
			t.Errorf("%s: %+v %v", url, c.Mail, err)
		}
	}
	f := filepath.Join(t.TempDir(), "smtp")
	os.WriteFile(f, []byte("smtps://u:secret@mail.example.org\n"), 0o600)
	c, err = Load(env(map[string]string{"TEND_SMTP_URL_FILE": f, "TEND_MAIL_FROM": "tend@example.org"}))
	if err != nil || c.Mail.Password != "secret" || c.Mail.Port != 465 {
		t.Fatalf("from a file: %+v %v", c.Mail, err)
	}
}

// TestMailSettingsRefused: each bad value stops the start with one line
// naming the variable, and never echoes a password.
func TestMailSettingsRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"TEND_SMTP_URL": "http://u:hunter2@mail.example.org", "TEND_MAIL_FROM": "a@b.org"}, "TEND_SMTP_URL: must look like smtp+starttls://"},
		{map[string]string{"TEND_SMTP_URL": "smtp+starttls://u:hunter2@mail.example.org:99999", "TEND_MAIL_FROM": "a@b.org"}, "TEND_SMTP_URL: needs a port"},
		{map[string]string{"TEND_SMTP_URL": "smtp://u:hunter2@mail.example.org", "TEND_MAIL_FROM": "a@b.org"}, "TEND_SMTP_URL: sends a password without encryption"},
		{map[string]string{"TEND_SMTP_URL": "smtp://localhost"}, "TEND_MAIL_FROM: is required"},
		{map[string]string{"TEND_SMTP_URL": "smtp://localhost", "TEND_MAIL_FROM": "not an address"}, "TEND_MAIL_FROM: \"not an address\" is not an email address"},
		{map[string]string{"TEND_SMTP_URL": "smtp://localhost", "TEND_SMTP_URL_FILE": "/nonexistent/x", "TEND_MAIL_FROM": "a@b.org"}, "TEND_SMTP_URL_FILE: set it or TEND_SMTP_URL"},
		{map[string]string{"TEND_ALERT_WEBHOOK_URL": "ftp://x"}, "TEND_ALERT_WEBHOOK_URL: must be an absolute http(s) URL"},
		{map[string]string{"TEND_ALERT_WEBHOOK_URL": "https://pager.example.org/h", "TEND_ALERT_WEBHOOK_SECRET": "short"}, "TEND_ALERT_WEBHOOK_SECRET: is required"},
	} {
		_, err := Load(env(tc.env))
		if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "hunter2") {
			t.Errorf("%v: %v, want %q", tc.env, err, tc.want)
		}
	}
}
