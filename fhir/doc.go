// Package fhir maps worksheets to FHIR R4 and back: a definition to a
// Questionnaire (ToQuestionnaire) and a Questionnaire to a definition
// (FromQuestionnaire, with a report of what Tend cannot represent), answers
// to a QuestionnaireResponse (ToResponse), and a check of a response
// against its Questionnaire (ValidateResponse). It is pure: it imports
// worksheets and never models, handlers or any framework.
//
// # Mapping
//
// A section is a group item ("section-1", …; its intro a first display
// item "section-1-intro"). Item types: info → display, text → string,
// long_text → text, number → integer (a whole step from a whole minimum)
// or decimal, date → date, yes_no → boolean, choice / multi_choice →
// choice (open-choice with allow_other; an "Other" answer is a
// valueString), with answerOption codings (code = the stored value) and
// repeats for multi_choice, likert → choice whose options carry
// ordinalValue, slider → integer or decimal with the SDC itemControl
// "slider", minValue / maxValue and sliderStepValue, repeat → group with
// repeats, minOccurs and maxOccurs. help is a display child with itemControl
// "help"; min_label / max_label are display children with itemControl
// "lower" / "upper". required and max_length map to required and maxLength.
//
// show_if maps to enableWhen (one rule, or an all / any group of rules
// with enableBehavior). What enableWhen cannot say (groups inside groups,
// ordered comparisons of likert or choice answers, the "Other" choice)
// becomes an SDC enableWhenExpression in FHIRPath, best effort.
//
// url is TEND_BASE_URL/fhir/Questionnaire/<key>, the same for every
// version; version is the worksheet version; id is the key.
//
// # Tend's extensions
//
// So that a round trip loses nothing, what FHIR has no element for travels
// in extensions under https://tend.health/fhir/StructureDefinition/:
//
//   - worksheet (on the Questionnaire), with sub-extensions
//     estimatedMinutes (integer), courseOrder (integer), guide (string),
//     scale (repeating: id, title, item (repeating, "-q3" reverse-scores),
//     method (code sum|mean), minAnswered, band (repeating: max (decimal,
//     absent on the last), label, meaning), interpretation) and flag
//     (repeating: id, severity (code low|medium|high), message,
//     clientMessage, when (a condition));
//   - item (on an item): rowLabel, step (decimal, when sliderStepValue
//     cannot hold it) and showIf (a condition), written only when
//     enableWhen does not say the show_if exactly;
//   - optionLabel (on an answerOption given as valueString because its
//     value is not a valid FHIR code): the option's label.
//
// A condition is nested extensions: item (string), op (code = != > >= < <=
// exists), value (valueString, valueDecimal or valueBoolean), and all / any
// (repeating, each a condition).
//
// # Import
//
// Top-level groups that do not repeat become sections; other top-level
// items gather in a section named after the questionnaire. A group inside
// a section is flattened (its heading becomes an info block); anything
// deeper than a table's questions is refused. linkIds that are not valid
// item ids are renamed ("1.1" → "q_1_1"). Types Tend has no question for
// (attachment, reference, quantity), options from a value set, and
// conditions given only as FHIRPath are left out and reported.
package fhir
