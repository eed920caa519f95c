// Package views holds view models that need neither Fiber nor a database:
// the client's form, and the geometry of score charts. Answers and
// conditions in words come from worksheets (Readable, Condition.Words). Rooms under handlers/ fill them from the store and render them.
//
// views imports only worksheets and the standard library: never Fiber,
// GORM or models (nor anything that pulls them in), and never handlers.
package views
