package worksheets

// Item types: a closed set.
const (
	TypeInfo        = "info"
	TypeText        = "text"
	TypeLongText    = "long_text"
	TypeNumber      = "number"
	TypeDate        = "date"
	TypeYesNo       = "yes_no"
	TypeChoice      = "choice"
	TypeMultiChoice = "multi_choice"
	TypeLikert      = "likert"
	TypeSlider      = "slider"
	TypeRepeat      = "repeat"
)

// OtherSuffix is appended to an item id to hold the free text of an
// "Other" answer when the item has allow_other (e.g. "went_to_other").
// A choice item with allow_other accepts the value OtherValue.
const (
	OtherSuffix = "_other"
	OtherValue  = "other"
)

// Definition is one version of a worksheet, as authored in YAML and served
// as JSON with the same field names.
type Definition struct {
	Key              string     `yaml:"key" json:"key"`
	Version          int        `yaml:"version" json:"version"`
	Title            string     `yaml:"title" json:"title"`
	Description      string     `yaml:"description,omitempty" json:"description,omitempty"`
	EstimatedMinutes int        `yaml:"estimated_minutes,omitempty" json:"estimated_minutes,omitempty"`
	CourseOrder      int        `yaml:"course_order,omitempty" json:"course_order,omitempty"` // place in a course of work; 0 = none, listed after
	Guide            string     `yaml:"guide,omitempty" json:"guide,omitempty"`               // practitioner-only
	Sections         []Section  `yaml:"sections" json:"sections"`
	Scales           []Scale    `yaml:"scales,omitempty" json:"scales,omitempty"`
	Flags            []FlagRule `yaml:"flags,omitempty" json:"flags,omitempty"`
}

// Section groups items under a heading.
type Section struct {
	Title string `yaml:"title" json:"title"`
	Intro string `yaml:"intro,omitempty" json:"intro,omitempty"`
	Items []Item `yaml:"items" json:"items"`
}

// Item is one question (or an info block, or a repeat table of sub-items).
type Item struct {
	ID         string     `yaml:"id" json:"id"`
	Type       string     `yaml:"type" json:"type"`
	Prompt     string     `yaml:"prompt" json:"prompt"`
	Help       string     `yaml:"help,omitempty" json:"help,omitempty"`
	Required   bool       `yaml:"required,omitempty" json:"required,omitempty"`
	Options    []Option   `yaml:"options,omitempty" json:"options,omitempty"`
	AllowOther bool       `yaml:"allow_other,omitempty" json:"allow_other,omitempty"`
	Min        *float64   `yaml:"min,omitempty" json:"min,omitempty"`
	Max        *float64   `yaml:"max,omitempty" json:"max,omitempty"`
	Step       *float64   `yaml:"step,omitempty" json:"step,omitempty"`
	MinLabel   string     `yaml:"min_label,omitempty" json:"min_label,omitempty"`
	MaxLabel   string     `yaml:"max_label,omitempty" json:"max_label,omitempty"`
	MaxLength  int        `yaml:"max_length,omitempty" json:"max_length,omitempty"`
	MinRows    int        `yaml:"min_rows,omitempty" json:"min_rows,omitempty"`
	MaxRows    int        `yaml:"max_rows,omitempty" json:"max_rows,omitempty"`
	RowLabel   string     `yaml:"row_label,omitempty" json:"row_label,omitempty"` // repeat only: "Memory" → "Memory 1"
	Items      []Item     `yaml:"items,omitempty" json:"items,omitempty"`         // repeat only
	ShowIf     *Condition `yaml:"show_if,omitempty" json:"show_if,omitempty"`
}

// Option is one choice. For choice and multi_choice, Value is a string
// (the stored answer). For likert, Value is a number (the stored answer,
// and the score). Value therefore holds either a string or a float64.
type Option struct {
	Value any    `yaml:"value" json:"value"`
	Label string `yaml:"label" json:"label"`
}

// Condition is a declarative rule, mapping one-to-one to FHIR enableWhen.
// Either a leaf (Item, Op, Value) or a group (All or Any).
// Op is one of = != > >= < <= exists. For multi_choice answers "=" means
// "contains". Inside a repeat row, Item names a sibling sub-item first and
// falls back to a top-level item.
type Condition struct {
	Item  string      `yaml:"item,omitempty" json:"item,omitempty"`
	Op    string      `yaml:"op,omitempty" json:"op,omitempty"`
	Value any         `yaml:"value,omitempty" json:"value,omitempty"`
	All   []Condition `yaml:"all,omitempty" json:"all,omitempty"`
	Any   []Condition `yaml:"any,omitempty" json:"any,omitempty"`
}

// Scale is a scored sum or mean over numeric items; "-q3" reverse-scores q3.
type Scale struct {
	ID             string   `yaml:"id" json:"id"`
	Title          string   `yaml:"title" json:"title"`
	Items          []string `yaml:"items" json:"items"`
	Method         string   `yaml:"method" json:"method"`                                 // sum | mean
	MinAnswered    *int     `yaml:"min_answered,omitempty" json:"min_answered,omitempty"` // nil: 80% of the items
	Bands          []Band   `yaml:"bands,omitempty" json:"bands,omitempty"`
	Interpretation string   `yaml:"interpretation,omitempty" json:"interpretation,omitempty"`
}

// Band labels a score range: a score belongs to the first band whose Max is
// >= the score; the last band has no Max. Meaning is one plain line for the
// practitioner ("asks for help rarely").
type Band struct {
	Max     *float64 `yaml:"max,omitempty" json:"max,omitempty"`
	Label   string   `yaml:"label" json:"label"`
	Meaning string   `yaml:"meaning,omitempty" json:"meaning,omitempty"`
}

// FlagRule raises a flag for the practitioner when its condition holds on
// the answers (a draft's or the submitted ones). Message is for the
// practitioner; ClientMessage (medium flags only) is what the client reads
// after sending: warm, plain words about what helps, never about danger.
type FlagRule struct {
	ID            string    `yaml:"id" json:"id"`
	When          Condition `yaml:"when" json:"when"`
	Severity      string    `yaml:"severity" json:"severity"` // low | medium | high
	Message       string    `yaml:"message" json:"message"`
	ClientMessage string    `yaml:"client_message,omitempty" json:"client_message,omitempty"`
}

// Flag severities.
const (
	SeverityLow    = "low"
	SeverityMedium = "medium"
	SeverityHigh   = "high"
)

// Answers is one JSON object keyed by item id: string for text, long_text,
// choice (option value) and date (YYYY-MM-DD); float64 for number, likert and
// slider; bool for yes_no; []any of strings for multi_choice; []any of
// map[string]any for repeat. It is what encoding/json produces.
type Answers map[string]any

// Mode selects how strict answer validation is.
type Mode int

const (
	// Draft accepts partial answers but rejects wrong types, unknown ids,
	// out-of-range values and over-long text.
	Draft Mode = iota
	// Submit also requires required items that are visible.
	Submit
)

// FieldError is one problem with an answer. Item is the item id, or
// "repeat_id[row].sub_id" (row 0-based) inside a repeat. Message is plain
// words and never echoes the answer.
type FieldError struct {
	Item    string `json:"item"`
	Message string `json:"message"`
}

// Problem is one problem with a definition: a path such as
// "sections[1].items[3].options", the YAML line (0 when unknown) and a message.
type Problem struct {
	Path    string `json:"path"`
	Line    int    `json:"line,omitempty"`
	Message string `json:"message"`
}

// ScaleScore is the result of scoring one scale. When too few items were
// answered, Value is nil and Note says so plainly. Prorated is true when
// the value was scored with some items unanswered (they count as the mean
// of the answered ones); every surface shows "prorated" next to it.
type ScaleScore struct {
	Scale    string   `json:"scale"`
	Title    string   `json:"title"`
	Value    *float64 `json:"value"`
	Band     string   `json:"band,omitempty"`
	Meaning  string   `json:"meaning,omitempty"`
	Answered int      `json:"answered"`
	Total    int      `json:"total"`
	Min      float64  `json:"min"` // lowest possible score
	Max      float64  `json:"max"` // highest possible score
	Note     string   `json:"note,omitempty"`
	Prorated bool     `json:"prorated,omitempty"`
}

// RaisedFlag is a flag rule that fired.
type RaisedFlag struct {
	ID       string `json:"id"`
	Severity string `json:"severity"`
	Message  string `json:"message"`
}
