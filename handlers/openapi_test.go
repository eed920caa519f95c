package handlers_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/api"
	"github.com/tend-health/tend/handlers/fill"
	"github.com/tend-health/tend/internal/testenv"
)

var fiberParam = regexp.MustCompile(`:([A-Za-z_]+)`)

// TestOpenAPICoversEveryRoute: every /api/v1 route the practitioner and
// client rooms register is in the OpenAPI document (handlers/openapi/spec),
// and the document is valid OpenAPI 3.1 for kin-openapi. A new API route
// fails here until its path is added to its area's spec file.
func TestOpenAPICoversEveryRoute(t *testing.T) {
	t.Parallel()
	doc, err := testenv.APIDocument()
	if err != nil {
		t.Fatal(err)
	}
	if !doc.IsOpenAPI31OrLater() {
		t.Fatalf("the document is OpenAPI %s, want 3.1", doc.OpenAPI)
	}
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	kit := env.Kit()
	rooms := map[string]func(fiber.Router){"handlers/api": api.New(kit).Routes, "handlers/fill": fill.New(kit).Routes}
	n := 0
	for room, routes := range rooms {
		for _, r := range testenv.Routes(routes) {
			if !strings.HasPrefix(r.Path, "/api/v1/") {
				continue
			}
			n++
			path := fiberParam.ReplaceAllString(r.Path, "{$1}")
			item := doc.Paths.Value(path)
			if item == nil || item.GetOperation(r.Method) == nil {
				t.Errorf("%s registers %s %s, which the OpenAPI document lacks: add it to handlers/openapi/spec", room, r.Method, path)
			}
		}
	}
	if n < 20 {
		t.Fatalf("only %d API routes found", n)
	}
}
