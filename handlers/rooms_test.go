package handlers_test

import (
	"net/http/httptest"
	"testing"

	"github.com/tend-health/tend/handlers"
	"github.com/tend-health/tend/handlers/api"
	"github.com/tend-health/tend/handlers/fill"
	"github.com/tend-health/tend/handlers/web"
	"github.com/tend-health/tend/internal/testenv"
)

// TestRoomOrderDoesNotMatter builds the app with its rooms registered in
// every order. The practitioner API's bearer check must never catch the
// client API under /api/v1/fill (or a page), and each room must still
// answer its own callers.
func TestRoomOrderDoesNotMatter(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.Databases(t)[0])
	p := env.NewPractitioner("Ada Therapist", false)
	a := p.AssignNew("self-reliance-checkin", "Take your time.")
	k := env.Kit()
	w, f, ap := handlers.Room(web.New(k)), handlers.Room(fill.New(k)), handlers.Room(api.New(k))
	orders := map[string][]handlers.Room{"web fill api": {w, f, ap}, "web api fill": {w, ap, f}, "fill web api": {f, w, ap},
		"fill api web": {f, ap, w}, "api web fill": {ap, w, f}, "api fill web": {ap, f, w}}
	for name, rooms := range orders {
		t.Run(name, func(t *testing.T) {
			app := handlers.NewAppWith(k, rooms)
			do := func(method, path, bearer string) int {
				t.Helper()
				req := httptest.NewRequest(method, path, nil)
				if bearer != "" {
					req.Header.Set("Authorization", "Bearer "+bearer)
				}
				resp, err := app.Test(req, -1)
				if err != nil {
					t.Fatal(err)
				}
				return resp.StatusCode
			}
			for _, c := range []struct {
				what, method, path, bearer string
				want                       int
			}{
				{"client API with the link token", "GET", "/api/v1/fill", a.Token(), 200},
				{"client API with an API token", "GET", "/api/v1/fill", p.APIToken, 401},
				{"client page without a session", "GET", "/f", "", 404},
				{"practitioner API without a token", "GET", "/api/v1/clients", "", 401},
				{"practitioner API with a link token", "GET", "/api/v1/clients", a.Token(), 401},
				{"practitioner API with its token", "GET", "/api/v1/clients", p.APIToken, 200},
				{"token exchange (empty body)", "POST", "/api/v1/auth/token", "", 400},
				{"sign-in page", "GET", "/login", "", 200},
				{"page without a session", "GET", "/clients", "", 303},
			} {
				if got := do(c.method, c.path, c.bearer); got != c.want {
					t.Errorf("%s: %s %s = %d, want %d", c.what, c.method, c.path, got, c.want)
				}
			}
		})
	}
}

// TestEveryRouteHasARoom: every route of the app is in exactly one room's
// table (whose route walks check its access) or is an ops route.
func TestEveryRouteHasARoom(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.Databases(t)[0])
	k := env.Kit()
	owner := map[testenv.Route]string{
		{Method: "GET", Path: "/healthz"}: "ops", {Method: "GET", Path: "/readyz"}: "ops",
	}
	for name, room := range map[string]handlers.Room{"web": web.New(k), "fill": fill.New(k), "api": api.New(k)} {
		for _, r := range testenv.Routes(room.Routes) {
			if o, dup := owner[r]; dup {
				t.Errorf("%s %s is in both %s and %s", r.Method, r.Path, o, name)
			}
			owner[r] = name
		}
	}
	for _, r := range env.Tend.App.GetRoutes(true) {
		if r.Method == "HEAD" {
			continue
		}
		if _, ok := owner[testenv.Route{Method: r.Method, Path: r.Path}]; !ok {
			t.Errorf("%s %s belongs to no room: register it in a room's Routes", r.Method, r.Path)
		}
	}
}
