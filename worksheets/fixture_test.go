package worksheets

import (
	"fmt"
	"strings"
	"testing"
)

// fixtureYAML covers every item type, an anchor, show_if on top-level,
// nested-group and repeat items, two scales and two flags. Line numbers
// matter to some tests: add to the end only.
const fixtureYAML = `key: fixture
version: 1
title: Fixture
description: Every item type.
estimated_minutes: 5
guide: For tests.
sections:
  - title: One
    intro: Hello.
    items:
      - id: intro
        type: info
        prompt: Read this first.
      - id: name
        type: text
        prompt: Your name
        required: true
      - id: story
        type: long_text
        prompt: Your story
        max_length: 50
      - id: age
        type: number
        prompt: Age
        min: 0
        max: 120
        step: 1
      - id: weight
        type: number
        prompt: Weight
      - id: when
        type: date
        prompt: When
      - id: asked
        type: yes_no
        prompt: Did you ask?
        required: true
      - id: who
        type: choice
        prompt: Whom did you ask?
        required: true
        allow_other: true
        show_if: {item: asked, op: "=", value: true}
        options: [{value: parent, label: Parent}, {value: friend, label: Friend}]
      - id: feelings
        type: multi_choice
        prompt: Feelings
        allow_other: true
        options: [{value: calm, label: Calm}, {value: sad, label: Sad}, {value: angry, label: Angry}]
      - id: q1
        type: likert
        prompt: Q1
        options: &pts [{value: 0, label: Never}, {value: 1, label: Sometimes}, {value: 2, label: Often}, {value: 3, label: Always}]
      - id: q2
        type: likert
        prompt: Q2
        options: *pts
      - id: stress
        type: slider
        prompt: Stress
        min: 0
        max: 10
        step: 0.5
        min_label: calm
        max_label: stressed
  - title: Two
    items:
      - id: episodes
        type: repeat
        prompt: Episodes
        min_rows: 1
        max_rows: 3
        items:
          - {id: ep_age, type: number, prompt: Age, min: 0, max: 120, required: true}
          - {id: ep_kind, type: choice, prompt: Kind, allow_other: true, options: [{value: a, label: A}, {value: b, label: B}]}
          - {id: ep_hurt, type: yes_no, prompt: "Hurt?"}
          - {id: ep_detail, type: text, prompt: Detail, required: true, show_if: {item: ep_hurt, op: "=", value: true}}
          - {id: ep_note, type: text, prompt: Note, show_if: {item: stress, op: ">=", value: 5}}
      - id: harm
        type: yes_no
        prompt: Harm?
      - id: harm_detail
        type: long_text
        prompt: Tell us more
        show_if:
          all:
            - {item: harm, op: "=", value: true}
            - any: [{item: stress, op: ">", value: 8}, {item: feelings, op: "=", value: sad}]
scales:
  - id: sc
    title: Sum scale
    items: [q1, -q2, stress]
    method: sum
    bands: [{max: 5, label: low, meaning: Low.}, {max: 10, label: mid}, {label: high}]
  - id: mn
    title: Mean scale
    items: [q1, q2]
    method: mean
flags:
  - id: harm
    when: {item: harm, op: "=", value: true}
    severity: high
    message: Follow up before the next session.
  - id: stressed
    when: {item: stress, op: ">=", value: 9}
    severity: medium
    message: Very stressed this week.
    client_message: Stressful weeks happen. A short walk or a talk with a friend can help.
`

func mustParse(t testing.TB, src string) *Definition {
	t.Helper()
	d, err := Parse([]byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", problemsOf(err))
	}
	return d
}

func fixture(t testing.TB) *Definition { return mustParse(t, fixtureYAML) }

// problemsOf formats an error for a failure message.
func problemsOf(err error) string {
	if de, ok := err.(*DefinitionError); ok {
		return de.String()
	}
	return fmt.Sprint(err)
}

// item returns a pointer into d, for tests that change one thing.
func item(d *Definition, section, index int) *Item { return &d.Sections[section].Items[index] }

func fp(f float64) *float64 { return &f }

// validAnswers is a complete, valid submission for the fixture.
func validAnswers() Answers {
	return Answers{
		"name":     "Sam",
		"story":    "Short story.",
		"age":      float64(30),
		"weight":   70.5,
		"when":     "2024-02-29",
		"asked":    true,
		"who":      "friend",
		"feelings": []any{"calm", "sad"},
		"q1":       float64(2),
		"q2":       float64(1),
		"stress":   6.5,
		"episodes": []any{
			map[string]any{"ep_age": float64(7), "ep_kind": "a", "ep_hurt": true, "ep_detail": "Fell.", "ep_note": "n"},
			map[string]any{"ep_age": float64(12), "ep_hurt": false},
		},
		"harm":        false,
		"harm_detail": "",
	}
}

// hasError finds a field error for an item whose message contains want.
func hasError(errs []FieldError, itemName, want string) bool {
	for _, e := range errs {
		if e.Item == itemName && strings.Contains(e.Message, want) {
			return true
		}
	}
	return false
}
