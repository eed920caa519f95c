package templates

import "html/template"

// clientFuncs are template functions used by the client pages.
func clientFuncs() template.FuncMap { return template.FuncMap{} }
