package testenv

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/tend-health/tend/handlers/openapi"
)

// APIDocument is the OpenAPI document, loaded and validated once with
// kin-openapi.
var APIDocument = sync.OnceValues(func() (*openapi3.T, error) {
	data, err := openapi.Document()
	if err != nil {
		return nil, err
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		return nil, fmt.Errorf("openapi: load: %w", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		return nil, fmt.Errorf("openapi: invalid document: %w", err)
	}
	openapi3filter.RegisterBodyDecoder("application/pdf", openapi3filter.FileBodyDecoder)
	openapi3filter.RegisterBodyDecoder("application/zip", openapi3filter.FileBodyDecoder)
	return doc, nil
})

// FindOperation matches a method and URL path to the document's route
// (a literal segment beats a {parameter}); nil when it has none.
func FindOperation(doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var best *routers.Route
	var bestParams map[string]string
	bestLiterals := -1
	for tmpl, item := range doc.Paths.Map() {
		ts := strings.Split(strings.Trim(tmpl, "/"), "/")
		if len(ts) != len(segs) {
			continue
		}
		params, literals, ok := map[string]string{}, 0, true
		for i, t := range ts {
			switch {
			case strings.HasPrefix(t, "{") && strings.HasSuffix(t, "}"):
				params[t[1:len(t)-1]] = segs[i]
			case t == segs[i]:
				literals++
			default:
				ok = false
			}
		}
		op := item.GetOperation(method)
		if ok && op != nil && literals > bestLiterals {
			best = &routers.Route{Spec: doc, Path: tmpl, PathItem: item, Method: method, Operation: op}
			bestParams, bestLiterals = params, literals
		}
	}
	return best, bestParams
}

// checkAPI validates a response of the JSON APIs against the OpenAPI
// document, and the request too when it succeeded (a request the API
// accepts must be one the document allows). Requests the document has no
// route for are left to the route test (handlers/openapi_test.go).
func (e *Env) checkAPI(req *http.Request, reqBody []byte, resp *http.Response, body string) {
	if !strings.HasPrefix(req.URL.Path, "/api/v1/") || req.Method == http.MethodHead {
		return
	}
	doc, err := APIDocument()
	if err != nil {
		e.T.Errorf("%v", err)
		return
	}
	route, params := FindOperation(doc, req.Method, req.URL.Path)
	if route == nil {
		return
	}
	vreq := httptest.NewRequest(req.Method, req.URL.String(), bytes.NewReader(reqBody))
	vreq.Header = req.Header.Clone()
	opts := &openapi3filter.Options{IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	in := &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route, Options: opts}
	ctx := context.Background()
	if resp.StatusCode < 300 {
		if err := openapi3filter.ValidateRequest(ctx, in); err != nil {
			e.T.Errorf("openapi: the API accepted a request the document does not allow: %s %s: %v", req.Method, req.URL.Path, err)
		}
	}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: resp.StatusCode, Header: resp.Header,
		Body: io.NopCloser(strings.NewReader(body)), Options: opts}
	if err := openapi3filter.ValidateResponse(ctx, out); err != nil {
		e.T.Errorf("openapi: %s %s answered %d in a shape the document does not describe: %v", req.Method, req.URL.Path, resp.StatusCode, err)
	}
}
