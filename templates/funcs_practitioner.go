package templates

import "html/template"

// practitionerFuncs are template functions used by the practitioner pages.
func practitionerFuncs() template.FuncMap { return template.FuncMap{} }
