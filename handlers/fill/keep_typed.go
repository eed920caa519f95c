package fill

import (
	"sort"
	"strings"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// notSavedPage is the data of client/not_saved.html.
type notSavedPage struct {
	httpx.Base
	Action  string       // where "Try again" posts: the same URL
	Sending bool         // it was the Send button
	Fields  []postedPair // every posted value, posted again as it was
	Typed   []string     // what the client wrote, to show back
}

type postedPair struct{ Name, Value string }

// keepTyped guards the no-JavaScript save and Send when the database cannot
// be reached at all (not even to check the client's session or load the
// worksheet): the answer is a 503 with Retry-After that shows back
// everything the client typed and holds it in a form that posts it again
// once the database is back, so a typed answer is never lost. When the
// database is only partly down, the handlers re-render the form themselves.
func (h *Handler) keepTyped(c *fiber.Ctx) error {
	err := c.Next()
	if err == nil || !models.Unavailable(err) {
		return err
	}
	posted := fillPostedForm(c)
	names := make([]string, 0, len(posted))
	for n := range posted {
		names = append(names, n)
	}
	sort.Strings(names)
	p := notSavedPage{Base: httpx.Base{Title: "Your answers are not saved yet"}, Action: c.Path(), Sending: c.Path() == "/f/submit"}
	for _, n := range names {
		for _, v := range posted[n] {
			p.Fields = append(p.Fields, postedPair{n, v})
			if typedByClient(n, v) {
				p.Typed = append(p.Typed, v)
			}
		}
	}
	h.Log.Warn("database unavailable: form kept for the client", "rid", httpx.RequestIDOf(c), "route", c.Route().Path)
	c.Set(fiber.HeaderRetryAfter, httpx.RetryAfterSeconds)
	c.Status(fiber.StatusServiceUnavailable)
	return h.Render(c, "client/not_saved", p)
}

// typedByClient: a posted value the client wrote or chose, not one of the
// form's own fields (CSRF token, button, submission key, row markers).
func typedByClient(name, value string) bool {
	if strings.TrimSpace(value) == "" || strings.HasPrefix(name, "_") || name == "action" {
		return false
	}
	return !strings.HasSuffix(name, "._row") && !strings.Contains(name, "._undo")
}
