package fhir

// The FHIR R4 resources Tend reads and writes, as JSON structs: only the
// elements the mapping uses. Unknown elements are ignored on import.

// Questionnaire is a FHIR R4 Questionnaire.
type Questionnaire struct {
	ResourceType string      `json:"resourceType"`
	ID           string      `json:"id,omitempty"`
	Meta         *Meta       `json:"meta,omitempty"`
	Extension    []Extension `json:"extension,omitempty"`
	URL          string      `json:"url,omitempty"`
	Version      string      `json:"version,omitempty"`
	Name         string      `json:"name,omitempty"`
	Title        string      `json:"title,omitempty"`
	Status       string      `json:"status"`
	Description  string      `json:"description,omitempty"`
	Item         []Item      `json:"item,omitempty"`
}

// Meta holds the profiles a resource claims.
type Meta struct {
	Profile []string `json:"profile,omitempty"`
}

// Item is a Questionnaire item.
type Item struct {
	Extension      []Extension    `json:"extension,omitempty"`
	LinkID         string         `json:"linkId"`
	Text           string         `json:"text,omitempty"`
	Type           string         `json:"type"`
	EnableWhen     []EnableWhen   `json:"enableWhen,omitempty"`
	EnableBehavior string         `json:"enableBehavior,omitempty"`
	Required       bool           `json:"required,omitempty"`
	Repeats        bool           `json:"repeats,omitempty"`
	MaxLength      int            `json:"maxLength,omitempty"`
	AnswerValueSet string         `json:"answerValueSet,omitempty"`
	AnswerOption   []AnswerOption `json:"answerOption,omitempty"`
	Item           []Item         `json:"item,omitempty"`
}

// EnableWhen is one condition of an item's enableWhen.
type EnableWhen struct {
	Question string `json:"question"`
	Operator string `json:"operator"`
	Value
}

// AnswerOption is one permitted answer of a choice item.
type AnswerOption struct {
	Extension   []Extension `json:"extension,omitempty"`
	ValueCoding *Coding     `json:"valueCoding,omitempty"`
	ValueString *string     `json:"valueString,omitempty"`
	ValueInt    *int        `json:"valueInteger,omitempty"`
}

// Coding is a code with its display text.
type Coding struct {
	System  string `json:"system,omitempty"`
	Code    string `json:"code,omitempty"`
	Display string `json:"display,omitempty"`
}

// CodeableConcept wraps codings.
type CodeableConcept struct {
	Coding []Coding `json:"coding,omitempty"`
	Text   string   `json:"text,omitempty"`
}

// Expression is a FHIRPath (or other) expression.
type Expression struct {
	Language   string `json:"language"`
	Expression string `json:"expression,omitempty"`
}

// Extension is a FHIR extension: a value or nested extensions.
type Extension struct {
	URL                  string           `json:"url"`
	Extension            []Extension      `json:"extension,omitempty"`
	ValueString          *string          `json:"valueString,omitempty"`
	ValueCode            *string          `json:"valueCode,omitempty"`
	ValueInteger         *int             `json:"valueInteger,omitempty"`
	ValueDecimal         *float64         `json:"valueDecimal,omitempty"`
	ValueBoolean         *bool            `json:"valueBoolean,omitempty"`
	ValueCodeableConcept *CodeableConcept `json:"valueCodeableConcept,omitempty"`
	ValueExpression      *Expression      `json:"valueExpression,omitempty"`
}

// Value is a choice of typed values, embedded with the prefix "answer" in
// EnableWhen (answerBoolean…) and "value" in Answer (valueBoolean…): see
// the two JSON shapes below.
type Value struct {
	AnswerBoolean *bool    `json:"answerBoolean,omitempty"`
	AnswerDecimal *float64 `json:"answerDecimal,omitempty"`
	AnswerInteger *int     `json:"answerInteger,omitempty"`
	AnswerDate    *string  `json:"answerDate,omitempty"`
	AnswerString  *string  `json:"answerString,omitempty"`
	AnswerCoding  *Coding  `json:"answerCoding,omitempty"`
}

// QuestionnaireResponse is a FHIR R4 QuestionnaireResponse.
type QuestionnaireResponse struct {
	ResourceType  string         `json:"resourceType"`
	ID            string         `json:"id,omitempty"`
	Questionnaire string         `json:"questionnaire,omitempty"`
	Status        string         `json:"status"`
	Authored      string         `json:"authored,omitempty"`
	Item          []ResponseItem `json:"item,omitempty"`
}

// ResponseItem is one answered item (or group, or repeat row).
type ResponseItem struct {
	LinkID string         `json:"linkId"`
	Text   string         `json:"text,omitempty"`
	Answer []Answer       `json:"answer,omitempty"`
	Item   []ResponseItem `json:"item,omitempty"`
}

// Answer is one value of a ResponseItem.
type Answer struct {
	ValueBoolean *bool    `json:"valueBoolean,omitempty"`
	ValueDecimal *float64 `json:"valueDecimal,omitempty"`
	ValueInteger *int     `json:"valueInteger,omitempty"`
	ValueDate    *string  `json:"valueDate,omitempty"`
	ValueString  *string  `json:"valueString,omitempty"`
	ValueCoding  *Coding  `json:"valueCoding,omitempty"`
}

// Bundle is a FHIR R4 Bundle of type collection.
type Bundle struct {
	ResourceType string        `json:"resourceType"`
	Type         string        `json:"type"`
	Timestamp    string        `json:"timestamp,omitempty"`
	Entry        []BundleEntry `json:"entry,omitempty"`
}

// BundleEntry is one resource in a Bundle.
type BundleEntry struct {
	FullURL  string `json:"fullUrl,omitempty"`
	Resource any    `json:"resource"`
}

func ptr[T any](v T) *T { return &v }
