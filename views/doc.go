// Package views holds view models that need neither Fiber nor a database:
// the readable answers of the review page, the client's form and their
// read-only copy, conditions in words, and the number format every page
// uses. Rooms under handlers/ fill them from the store and render them.
//
// views imports only worksheets and the standard library: never Fiber,
// GORM or models (nor anything that pulls them in), and never handlers.
package views

import "strconv"

// Num prints a number without trailing zeros ("7", "2.5"): answers,
// scores and ranges on every page.
func Num(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }
