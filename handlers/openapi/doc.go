// Package openapi holds the OpenAPI 3.1 document of Tend's JSON APIs, the
// practitioner API (handlers/api) and the client API (handlers/fill),
// served at GET /api/v1/openapi.json.
//
// The document is split by area in spec/*.json, merged at start:
// 00-base.json holds info, security schemes and the shared components
// (the Error shape, parameters id, key, cursor, limit); each other file
// holds "paths" and its own "components". To document a new route, add its
// path (and any schemas) to the file of its area, or a new file for a new
// area: nothing else to register. A path or a component named twice stops
// the merge. Tests check that every /api/v1 route of both rooms is in the
// document, and validate every API response of the test suite against it
// (internal/testenv).
//
// openapi imports no other Tend package.
package openapi
