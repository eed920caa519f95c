// Package views holds view models that need neither Fiber nor a database:
// the client's form, and the geometry of pictures: score charts, the
// weekly "Did you ask anyone for help?" tally, and drawings of answers
// (the support map as circles, the relationship timeline as a timeline),
// which the review page draws as SVG and the PDF (reports) with gofpdf. Answers and
// conditions in words come from worksheets (Readable, Condition.Words). Rooms under handlers/ fill them from the store and render them.
//
// views imports only worksheets and the standard library: never Fiber,
// GORM or models (nor anything that pulls them in), and never handlers.
package views
