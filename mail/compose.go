package mail

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"strings"

	"github.com/tend-health/tend/models"
)

// Composed is one message ready to send.
type Composed struct {
	Subject string
	Text    string
	HTML    string
	// Unsubscribe is the one-click unsubscribe URL ("" for practitioner mail).
	Unsubscribe string
}

// para is one paragraph; with Link it is a link (Text its label).
type para struct {
	Text string
	Link string
}

// Compose writes o's message for a Tend at baseURL. It reads only the
// message kind, its links and counts, and the practitioner's name when
// they allowed it.
func Compose(baseURL string, o *models.Outgoing) Composed {
	base := strings.TrimRight(baseURL, "/")
	p := o.Payload
	who := "Your practitioner"
	if o.FromName != "" {
		who = o.FromName
	}
	var c Composed
	var body []para
	switch o.Message.Kind {
	case models.MailInvitation:
		c.Subject = "A new worksheet is ready"
		body = []para{{Text: "Hello,"}, {Text: who + " has shared a worksheet with you in Tend. You can open it here:"},
			{Text: "Open your worksheet", Link: base + p.LinkPath}}
		if len(p.More) > 0 {
			body[1].Text = fmt.Sprintf("%s has shared %d worksheets with you in Tend. You can open each one here:", who, len(p.More)+1)
			body[2].Text = "Open worksheet 1"
			for i, l := range p.More {
				body = append(body, para{Text: fmt.Sprintf("Open worksheet %d", i+2), Link: base + l})
			}
		}
		body = append(body, para{Text: "It saves as you go, so you can stop and come back later. You can skip any question."},
			para{Text: "These links are just for you. Please do not forward this email."})
		if len(p.More) == 0 {
			body[len(body)-1].Text = "This link is just for you. Please do not forward this email."
		}
	case models.MailReminder, models.MailOverdue:
		c.Subject = "A gentle reminder"
		when := "It is due soon. You can open it here:"
		if o.Message.Kind == models.MailOverdue {
			when = "The date for it has passed, but you can still open it if you would like to:"
		}
		body = []para{
			{Text: "Hello,"},
			{Text: "This is a gentle reminder that a worksheet from " + lower(who) + " is waiting for you in Tend. " + when},
			{Text: "Open your worksheet", Link: base + p.LinkPath},
			{Text: "If now is not a good time, that is okay."},
		}
	case models.MailFlagAlert:
		c.Subject = "A response in Tend needs your attention"
		body = []para{
			{Text: "A response in Tend needs your attention."},
			{Text: "Open it in Tend", Link: base + p.LinkPath},
			{Text: "You may need to sign in first."},
		}
	case models.MailDigest:
		c.Subject = "Your Tend summary"
		n := "1 worksheet"
		if p.Count != 1 {
			n = fmt.Sprintf("%d worksheets", p.Count)
		}
		body = []para{
			{Text: "Yesterday your clients sent back " + n + " in Tend."},
			{Text: "See them in Tend", Link: base + "/"},
			{Text: "You get this email because you turned on the daily summary on your account page."},
		}
	default: // models.MailTest
		c.Subject = "A test email from Tend"
		body = []para{{Text: "This is a test email from Tend. If you can read it, Tend can send email."}}
	}
	if p.Unsub != "" {
		c.Unsubscribe = base + "/u/" + url.PathEscape(p.Unsub)
		body = append(body, para{Text: "To stop emails like this one, open this page:"}, para{Text: "Stop these emails", Link: c.Unsubscribe})
	}
	c.Text, c.HTML = render(body)
	return c
}

func lower(who string) string {
	if who == "Your practitioner" {
		return "your practitioner"
	}
	return who
}

var htmlBody = template.Must(template.New("mail").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"></head>
<body style="font-family:Arial,sans-serif;font-size:16px;line-height:1.5;color:#1f2a2e;max-width:36em;margin:0 auto;padding:16px">
{{range .}}{{if .Link}}<p><a href="{{.Link}}" style="color:#1d5c63">{{.Text}}</a></p>
{{else}}<p>{{.Text}}</p>
{{end}}{{end}}</body></html>
`))

// render writes the paragraphs as plain text (links as bare URLs) and as
// simple HTML.
func render(body []para) (text, html string) {
	var t strings.Builder
	for _, p := range body {
		if p.Link != "" {
			t.WriteString(p.Link)
		} else {
			t.WriteString(p.Text)
		}
		t.WriteString("\n\n")
	}
	var h bytes.Buffer
	if err := htmlBody.Execute(&h, body); err != nil {
		return t.String(), ""
	}
	return t.String(), h.String()
}
