package fhir

import (
	"strconv"

	"github.com/tend-health/tend/worksheets"
)

// Extension URLs: HL7 core and SDC, then Tend's own (see doc.go).
const (
	extItemControl   = "http://hl7.org/fhir/StructureDefinition/questionnaire-itemControl"
	extMinValue      = "http://hl7.org/fhir/StructureDefinition/minValue"
	extMaxValue      = "http://hl7.org/fhir/StructureDefinition/maxValue"
	extSliderStep    = "http://hl7.org/fhir/StructureDefinition/questionnaire-sliderStepValue"
	extMinOccurs     = "http://hl7.org/fhir/StructureDefinition/questionnaire-minOccurs"
	extMaxOccurs     = "http://hl7.org/fhir/StructureDefinition/questionnaire-maxOccurs"
	extOrdinalValue  = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
	extEnableWhenExp = "http://hl7.org/fhir/uv/sdc/StructureDefinition/sdc-questionnaire-enableWhenExpression"
	itemControlCS    = "http://hl7.org/fhir/questionnaire-item-control"

	// TendBase is where Tend's extensions are named.
	TendBase = "https://tend.health/fhir/StructureDefinition/"
	// ExtWorksheet (on Questionnaire) carries what FHIR has no element for:
	// estimatedMinutes, courseOrder, guide, and every scale and flag rule.
	ExtWorksheet = TendBase + "worksheet"
	// ExtItem (on an item) carries rowLabel, step (when sliderStepValue
	// cannot say it) and showIf (when enableWhen cannot say it exactly).
	ExtItem = TendBase + "item"
	// ExtOptionLabel (on an answerOption given as valueString, because its
	// value is not a valid FHIR code) carries the option's label.
	ExtOptionLabel = TendBase + "optionLabel"
)

func strExt(url, s string) Extension     { return Extension{URL: url, ValueString: &s} }
func codeExt(url, s string) Extension    { return Extension{URL: url, ValueCode: &s} }
func intExt(url string, n int) Extension { return Extension{URL: url, ValueInteger: &n} }
func decExt(url string, f float64) Extension {
	return Extension{URL: url, ValueDecimal: &f}
}

func itemControl(code string) Extension {
	return Extension{URL: extItemControl, ValueCodeableConcept: &CodeableConcept{
		Coding: []Coding{{System: itemControlCS, Code: code}}}}
}

// find returns the first extension with url, or nil.
func find(exts []Extension, url string) *Extension {
	for i := range exts {
		if exts[i].URL == url {
			return &exts[i]
		}
	}
	return nil
}

// all returns every extension with url.
func all(exts []Extension, url string) []Extension {
	var out []Extension
	for _, e := range exts {
		if e.URL == url {
			out = append(out, e)
		}
	}
	return out
}

func controlOf(exts []Extension) string {
	if e := find(exts, extItemControl); e != nil && e.ValueCodeableConcept != nil {
		for _, c := range e.ValueCodeableConcept.Coding {
			return c.Code
		}
	}
	return ""
}

// number reads a decimal or integer value.
func (e *Extension) number() (float64, bool) {
	switch {
	case e == nil:
	case e.ValueDecimal != nil:
		return *e.ValueDecimal, true
	case e.ValueInteger != nil:
		return float64(*e.ValueInteger), true
	}
	return 0, false
}

func (e *Extension) str() string {
	switch {
	case e == nil:
	case e.ValueString != nil:
		return *e.ValueString
	case e.ValueCode != nil:
		return *e.ValueCode
	}
	return ""
}

// worksheetExt writes the Tend worksheet extension (nil when empty).
func worksheetExt(d *worksheets.Definition) *Extension {
	var sub []Extension
	if d.EstimatedMinutes != 0 {
		sub = append(sub, intExt("estimatedMinutes", d.EstimatedMinutes))
	}
	if d.CourseOrder != 0 {
		sub = append(sub, intExt("courseOrder", d.CourseOrder))
	}
	if d.Guide != "" {
		sub = append(sub, strExt("guide", d.Guide))
	}
	for _, s := range d.Scales {
		sub = append(sub, scaleExt(s))
	}
	for _, f := range d.Flags {
		fe := Extension{URL: "flag", Extension: []Extension{strExt("id", f.ID), codeExt("severity", f.Severity),
			strExt("message", f.Message)}}
		if f.ClientMessage != "" {
			fe.Extension = append(fe.Extension, strExt("clientMessage", f.ClientMessage))
		}
		fe.Extension = append(fe.Extension, conditionExt("when", f.When))
		sub = append(sub, fe)
	}
	if len(sub) == 0 {
		return nil
	}
	return &Extension{URL: ExtWorksheet, Extension: sub}
}

func scaleExt(s worksheets.Scale) Extension {
	e := Extension{URL: "scale", Extension: []Extension{strExt("id", s.ID), strExt("title", s.Title)}}
	for _, it := range s.Items {
		e.Extension = append(e.Extension, strExt("item", it))
	}
	e.Extension = append(e.Extension, codeExt("method", s.Method))
	if s.MinAnswered != nil {
		e.Extension = append(e.Extension, intExt("minAnswered", *s.MinAnswered))
	}
	for _, b := range s.Bands {
		be := Extension{URL: "band"}
		if b.Max != nil {
			be.Extension = append(be.Extension, decExt("max", *b.Max))
		}
		be.Extension = append(be.Extension, strExt("label", b.Label))
		if b.Meaning != "" {
			be.Extension = append(be.Extension, strExt("meaning", b.Meaning))
		}
		e.Extension = append(e.Extension, be)
	}
	if s.Interpretation != "" {
		e.Extension = append(e.Extension, strExt("interpretation", s.Interpretation))
	}
	return e
}

// conditionExt writes a condition as nested extensions: item, op, value
// (valueString, valueDecimal or valueBoolean), and all / any groups.
func conditionExt(url string, c worksheets.Condition) Extension {
	e := Extension{URL: url}
	if c.Item != "" {
		e.Extension = append(e.Extension, strExt("item", c.Item))
	}
	if c.Op != "" {
		e.Extension = append(e.Extension, codeExt("op", c.Op))
	}
	switch v := c.Value.(type) {
	case string:
		e.Extension = append(e.Extension, strExt("value", v))
	case float64:
		e.Extension = append(e.Extension, decExt("value", v))
	case bool:
		e.Extension = append(e.Extension, Extension{URL: "value", ValueBoolean: &v})
	}
	for _, a := range c.All {
		e.Extension = append(e.Extension, conditionExt("all", a))
	}
	for _, a := range c.Any {
		e.Extension = append(e.Extension, conditionExt("any", a))
	}
	return e
}

func conditionFrom(e Extension) worksheets.Condition {
	c := worksheets.Condition{Item: find(e.Extension, "item").str(), Op: find(e.Extension, "op").str()}
	if v := find(e.Extension, "value"); v != nil {
		switch {
		case v.ValueBoolean != nil:
			c.Value = *v.ValueBoolean
		case v.ValueString != nil:
			c.Value = *v.ValueString
		default:
			if f, ok := v.number(); ok {
				c.Value = f
			}
		}
	}
	for _, a := range all(e.Extension, "all") {
		c.All = append(c.All, conditionFrom(a))
	}
	for _, a := range all(e.Extension, "any") {
		c.Any = append(c.Any, conditionFrom(a))
	}
	return c
}

// readWorksheetExt fills d from the Tend worksheet extension.
func readWorksheetExt(e *Extension, d *worksheets.Definition) {
	if e == nil {
		return
	}
	if f, ok := find(e.Extension, "estimatedMinutes").number(); ok {
		d.EstimatedMinutes = int(f)
	}
	if f, ok := find(e.Extension, "courseOrder").number(); ok {
		d.CourseOrder = int(f)
	}
	d.Guide = find(e.Extension, "guide").str()
	for _, se := range all(e.Extension, "scale") {
		s := worksheets.Scale{ID: find(se.Extension, "id").str(), Title: find(se.Extension, "title").str(),
			Method: find(se.Extension, "method").str(), Interpretation: find(se.Extension, "interpretation").str()}
		for _, it := range all(se.Extension, "item") {
			s.Items = append(s.Items, it.str())
		}
		if f, ok := find(se.Extension, "minAnswered").number(); ok {
			s.MinAnswered = ptr(int(f))
		}
		for _, be := range all(se.Extension, "band") {
			b := worksheets.Band{Label: find(be.Extension, "label").str(), Meaning: find(be.Extension, "meaning").str()}
			if f, ok := find(be.Extension, "max").number(); ok {
				b.Max = &f
			}
			s.Bands = append(s.Bands, b)
		}
		d.Scales = append(d.Scales, s)
	}
	for _, fe := range all(e.Extension, "flag") {
		f := worksheets.FlagRule{ID: find(fe.Extension, "id").str(), Severity: find(fe.Extension, "severity").str(),
			Message: find(fe.Extension, "message").str(), ClientMessage: find(fe.Extension, "clientMessage").str()}
		if w := find(fe.Extension, "when"); w != nil {
			f.When = conditionFrom(*w)
		}
		d.Flags = append(d.Flags, f)
	}
}

func formatInt(n int) string { return strconv.Itoa(n) }
