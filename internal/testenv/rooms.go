package testenv

import (
	"net/http"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/templates"
)

// Kit is a fresh HTTP toolkit over the env's store and config, to build
// rooms (or a whole app with handlers.NewAppWith) in a test.
func (e *Env) Kit() *httpx.Kit {
	e.T.Helper()
	pages, err := templates.Load()
	if err != nil {
		e.T.Fatal(err)
	}
	return handlers.NewKit(handlers.Deps{Store: e.Store, Config: e.Tend.Config, Pages: pages})
}

// Route is one method and path of a route table.
type Route struct{ Method, Path string }

// Routes lists the routes that register adds to an empty app (a room's
// Routes method), without the HEAD twins Fiber adds to every GET.
func Routes(register func(fiber.Router)) []Route {
	app := fiber.New()
	register(app)
	var out []Route
	for _, r := range app.GetRoutes(true) {
		if r.Method != fiber.MethodHead {
			out = append(out, Route{r.Method, r.Path})
		}
	}
	return out
}

// WantStatus fails the test when resp has another status, showing the
// start of the body.
func WantStatus(t testing.TB, what string, resp *http.Response, body string, want int) {
	t.Helper()
	if resp.StatusCode != want {
		if len(body) > 3000 {
			body = body[:3000]
		}
		t.Fatalf("%s: status %d, want %d\n%s", what, resp.StatusCode, want, body)
	}
}
