// Package worksheets defines Tend's worksheet format: parsing and validating
// definitions, validating answers, scoring scales and raising flags, and
// saying answers and conditions in words (Readable, Condition.Words): the
// one wording every page, PDF and export uses. It is pure Go and must never
// import a database, an HTTP framework or any other Tend package.
//
// # Definitions
//
// A definition is YAML written by people (see DESIGN.md, "Worksheet
// definitions"). Parse is strict: unknown keys, wrong kinds of values and
// every rule that Definition.Validate checks come back together as a
// *DefinitionError whose Problems carry a path such as
// "sections[1].items[3].options" and the YAML line. Anchors, aliases and
// merge keys (<<) may share presets such as likert points. Parse fills two
// defaults so the JSON served is self-contained: a slider's step (1) and a
// repeat's max_rows (50). The built-in worksheets in library/*.yaml are
// embedded; Library parses them all and fails if any is invalid.
//
// course_order (optional, 0-9999) places a worksheet in a course of work:
// lists sort by it (CourseLess), worksheets without one after the rest.
//
// # Scoring
//
// A scale is scored when at least its min_answered items are answered
// (default: 80% of them, rounded up); skipped items then count as the mean
// of the answered ones and the score is marked Prorated, which every
// surface shows as "prorated" (ProratedSuffix).
//
// # Answers
//
// Answers is one JSON object keyed by item id, as encoding/json decodes it.
// ValidateAnswers checks it in Draft or Submit mode and returns a cleaned
// copy; FieldError names the item ("id", or "repeat_id[2].sub_id") and never
// quotes the answer. Score and EvaluateFlags work on the cleaned copy.
//
// # Form naming
//
// The client's HTML page posts a plain form (it works without JavaScript);
// AnswersFromForm reads it with these names:
//
//   - a top-level item: its id ("memory"). Text and long_text keep what was
//     typed (CRLF line ends become LF); choice sends the option value, date
//     sends YYYY-MM-DD, yes_no sends "yes" or "no", number, likert and
//     slider send decimal text ("3", "2.5").
//   - multi_choice: the id repeated once per ticked box (checkboxes sharing
//     one name); the values keep their order.
//   - the free text of an "Other" choice: "<id>_other".
//   - a repeat table: "<repeat_id>[<n>].<sub_id>" for each cell, with n the
//     0-based row number in decimal, below 1000, plus a marker
//     "<repeat_id>[<n>]._row" = "1" in every row, so a row with nothing
//     filled in still exists (see RowField and RowMarker). Rows come back
//     ordered by n and numbered densely from 0 (rows 0, 3, 7 become 0, 1, 2);
//     an empty row comes back as an empty object, so drafts never lose rows.
//     Field errors for cells use the dense numbers.
//
// An empty value means unanswered: the key is left out of the Answers.
// When a scalar name is sent more than once, the last value wins (a hidden
// "no" before a "yes" checkbox of the same name works). Names that match no
// item (such as "_csrf" or "action") are ignored. A value that cannot be
// read ("abc" for a number, "maybe" for yes_no) comes back as a FieldError
// ("must be a number"); ranges and options are checked by ValidateAnswers.
package worksheets
