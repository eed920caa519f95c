package worksheets

import (
	"strings"
	"testing"
)

func TestFixtureIsValid(t *testing.T) {
	t.Parallel()
	if ps := fixture(t).Validate(); len(ps) != 0 {
		t.Fatalf("fixture has problems: %v", ps)
	}
}

// TestValidateRules breaks one rule per case on a valid definition and
// checks that exactly that rule is reported, with its path.
func TestValidateRules(t *testing.T) {
	t.Parallel()
	long := func(n int) string { return strings.Repeat("a", n) }
	cond := func(c Condition) *Condition { return &c }
	tests := []struct {
		name   string
		mutate func(d *Definition)
		path   string
		msg    string
	}{
		// Header.
		{"key empty", func(d *Definition) { d.Key = "" }, "key", "must not be empty"},
		{"key not a slug", func(d *Definition) { d.Key = "Bad Key" }, "key", "lowercase letters, digits or dashes"},
		{"key too long", func(d *Definition) { d.Key = long(65) }, "key", "1 to 64"},
		{"version 0", func(d *Definition) { d.Version = 0 }, "version", "must be 1 or more"},
		{"title empty", func(d *Definition) { d.Title = " " }, "title", "must not be empty"},
		{"title too long", func(d *Definition) { d.Title = long(201) }, "title", "is too long (201 characters; at most 200)"},
		{"description too long", func(d *Definition) { d.Description = long(4001) }, "description", "too long"},
		{"guide too long", func(d *Definition) { d.Guide = long(20001) }, "guide", "at most 20000"},
		{"estimated minutes negative", func(d *Definition) { d.EstimatedMinutes = -1 }, "estimated_minutes", "between 0 and 600"},
		{"no sections", func(d *Definition) { d.Sections = nil; d.Scales = nil; d.Flags = nil }, "sections", "at least one section"},
		{"too many sections", func(d *Definition) {
			for i := 0; i < 50; i++ {
				d.Sections = append(d.Sections, Section{Items: []Item{{ID: "s" + itoa(i), Type: TypeInfo, Prompt: "P"}}})
			}
		}, "sections", "too many sections"},
		{"section without items", func(d *Definition) { d.Sections = append(d.Sections, Section{Title: "S"}) }, "sections[2].items", "at least one item"},
		{"intro too long", func(d *Definition) { d.Sections[0].Intro = long(4001) }, "sections[0].intro", "too long"},
		{"too many items", func(d *Definition) {
			for i := 0; i < 300; i++ {
				d.Sections[1].Items = append(d.Sections[1].Items, Item{ID: "x" + itoa(i), Type: TypeText, Prompt: "P"})
			}
		}, "sections", "too many items (320; at most 300)"},
		// Row labels.
		{"row_label on a text item", func(d *Definition) { item(d, 0, 2).RowLabel = "Story" }, "sections[0].items[2].row_label", "is not used by"},
		{"row_label too long", func(d *Definition) { item(d, 1, 0).RowLabel = long(41) }, "sections[1].items[0].row_label", "at most 40"},
		{"row_label two lines", func(d *Definition) { item(d, 1, 0).RowLabel = "A\nB" }, "sections[1].items[0].row_label", "one line"},
		// Ids.
		{"id empty", func(d *Definition) { item(d, 0, 1).ID = "" }, "sections[0].items[1].id", "must not be empty"},
		{"id uppercase", func(d *Definition) { item(d, 0, 2).ID = "Story" }, "sections[0].items[2].id", "must start with a lowercase letter"},
		{"id too long", func(d *Definition) { item(d, 0, 2).ID = "a" + long(64) }, "sections[0].items[2].id", "at most 64"},
		{"id duplicate", func(d *Definition) { item(d, 0, 2).ID = "name" }, "sections[0].items[2].id", "is already used by sections[0].items[1]"},
		{"sub-item id duplicates top-level", func(d *Definition) { item(d, 1, 0).Items[1].ID = "age" },
			"sections[1].items[0].items[1].id", "is already used by sections[0].items[3]"},
		{"id duplicate inside repeat", func(d *Definition) { item(d, 1, 0).Items[1].ID = "ep_age" },
			"sections[1].items[0].items[1].id", "is already used by sections[1].items[0].items[0]"},
		{"id clashes with other text", func(d *Definition) { item(d, 0, 2).ID = "who_other" },
			"sections[0].items[2].id", "clashes with the Other answer of who"},
		// Types and shared fields.
		{"type empty", func(d *Definition) { item(d, 0, 2).Type = "" }, "sections[0].items[2].type", "must not be empty"},
		{"type unknown", func(d *Definition) { item(d, 0, 2).Type = "essay" }, "sections[0].items[2].type", "is not a known type"},
		{"prompt empty", func(d *Definition) { item(d, 0, 2).Prompt = "" }, "sections[0].items[2].prompt", "must not be empty"},
		{"prompt too long", func(d *Definition) { item(d, 0, 2).Prompt = long(4001) }, "sections[0].items[2].prompt", "at most 4000"},
		{"help too long", func(d *Definition) { item(d, 0, 2).Help = long(4001) }, "sections[0].items[2].help", "too long"},
		{"label too long", func(d *Definition) { item(d, 0, 11).MinLabel = long(501) }, "sections[0].items[11].min_label", "too long"},
		{"info required", func(d *Definition) { item(d, 0, 0).Required = true }, "sections[0].items[0].required", "info block"},
		{"options on text", func(d *Definition) { item(d, 0, 1).Options = item(d, 0, 7).Options }, "sections[0].items[1].options", "not used by text items"},
		{"allow_other on likert", func(d *Definition) { item(d, 0, 9).AllowOther = true }, "sections[0].items[9].allow_other", "not used by likert"},
		{"min on text", func(d *Definition) { item(d, 0, 1).Min = fp(0) }, "sections[0].items[1].min", "not used by text"},
		{"max_length on number", func(d *Definition) { item(d, 0, 3).MaxLength = 5 }, "sections[0].items[3].max_length", "not used by number"},
		{"items on choice", func(d *Definition) { item(d, 0, 7).Items = []Item{{ID: "z", Type: TypeText, Prompt: "P"}} }, "sections[0].items[7].items", "not used by choice"},
		{"max_rows on text", func(d *Definition) { item(d, 0, 1).MaxRows = 3 }, "sections[0].items[1].max_rows", "not used by text"},
		// Options.
		{"choice with one option", func(d *Definition) { item(d, 0, 7).Options = item(d, 0, 7).Options[:1] }, "sections[0].items[7].options", "at least 2 options"},
		{"multi_choice without options", func(d *Definition) { item(d, 0, 8).Options = nil }, "sections[0].items[8].options", "at least 2 options"},
		{"too many options", func(d *Definition) {
			var os []Option
			for i := 0; i < 101; i++ {
				os = append(os, Option{Value: "v" + itoa(i), Label: "L"})
			}
			item(d, 0, 8).Options = os
		}, "sections[0].items[8].options", "too many options (at most 100)"},
		{"choice value empty", func(d *Definition) { item(d, 0, 7).Options[0].Value = "" }, "sections[0].items[7].options[0].value", "must not be empty"},
		{"choice value a number", func(d *Definition) { item(d, 0, 7).Options[0].Value = 1.0 }, "sections[0].items[7].options[0].value", "must be text"},
		{"choice value too long", func(d *Definition) { item(d, 0, 7).Options[0].Value = long(201) }, "sections[0].items[7].options[0].value", "too long"},
		{"option values repeat", func(d *Definition) { item(d, 0, 7).Options[1].Value = "parent" }, "sections[0].items[7].options[1].value", "repeats the value of sections[0].items[7].options[0]"},
		{"option label empty", func(d *Definition) { item(d, 0, 7).Options[1].Label = "" }, "sections[0].items[7].options[1].label", "must not be empty"},
		{"other is reserved", func(d *Definition) { item(d, 0, 7).Options[1].Value = "other" }, "sections[0].items[7].options[1].value", "kept for the Other box"},
		{"likert value text", func(d *Definition) {
			it := item(d, 0, 9)
			it.Options = append([]Option(nil), it.Options...)
			it.Options[0].Value = "zero"
		}, "sections[0].items[9].options[0].value", "must be a number"},
		{"likert values repeat (1 and int 1)", func(d *Definition) {
			it := item(d, 0, 9)
			it.Options = append([]Option(nil), it.Options...)
			it.Options[2].Value = 1
		}, "sections[0].items[9].options[2].value", "repeats the value"},
		// Slider and number.
		{"slider without min", func(d *Definition) { item(d, 0, 11).Min = nil }, "sections[0].items[11].min", "required for a slider"},
		{"slider without max", func(d *Definition) { item(d, 0, 11).Max = nil }, "sections[0].items[11].max", "required for a slider"},
		{"slider min not below max", func(d *Definition) { item(d, 0, 11).Min = fp(10) }, "sections[0].items[11].max", "must be more than min"},
		{"slider step zero", func(d *Definition) { item(d, 0, 11).Step = fp(0) }, "sections[0].items[11].step", "more than 0"},
		{"slider too many steps", func(d *Definition) { item(d, 0, 11).Step = fp(0.001) }, "sections[0].items[11].step", "too many steps"},
		{"number min above max", func(d *Definition) { item(d, 0, 3).Min = fp(200) }, "sections[0].items[3].max", "must not be less than min"},
		{"number step negative", func(d *Definition) { item(d, 0, 3).Step = fp(-1) }, "sections[0].items[3].step", "more than 0"},
		// Text.
		{"max_length too big", func(d *Definition) { item(d, 0, 2).MaxLength = 100001 }, "sections[0].items[2].max_length", "between 1 and 100000"},
		{"max_length negative", func(d *Definition) { item(d, 0, 2).MaxLength = -1 }, "sections[0].items[2].max_length", "between 1 and 100000"},
		// Repeat.
		{"repeat without sub-items", func(d *Definition) { item(d, 1, 0).Items = nil }, "sections[1].items[0].items", "needs at least one question"},
		{"repeat inside repeat", func(d *Definition) {
			r := item(d, 1, 0)
			r.Items = append(r.Items, Item{ID: "inner", Type: TypeRepeat, Prompt: "P", Items: []Item{{ID: "deep", Type: TypeText, Prompt: "P"}}})
		}, "sections[1].items[0].items[5].type", "cannot hold another table"},
		{"min_rows above max_rows", func(d *Definition) { item(d, 1, 0).MinRows = 4 }, "sections[1].items[0].min_rows", "not be more than max_rows (3)"},
		{"max_rows above 200", func(d *Definition) { item(d, 1, 0).MaxRows = 201 }, "sections[1].items[0].max_rows", "between 1 and 200"},
		{"min_rows negative", func(d *Definition) { item(d, 1, 0).MinRows = -1 }, "sections[1].items[0].min_rows", "must not be negative"},
		// show_if.
		{"show_if unknown item", func(d *Definition) { item(d, 0, 7).ShowIf.Item = "nobody" }, "sections[0].items[7].show_if.item", `refers to "nobody", which is not a question`},
		{"show_if later item", func(d *Definition) { item(d, 0, 7).ShowIf = cond(Condition{Item: "q1", Op: "exists"}) }, "sections[0].items[7].show_if.item", "does not come earlier"},
		{"show_if itself", func(d *Definition) { item(d, 0, 7).ShowIf = cond(Condition{Item: "who", Op: "exists"}) }, "sections[0].items[7].show_if.item", "does not come earlier"},
		{"show_if on a sub-item from the top level", func(d *Definition) { item(d, 1, 1).ShowIf = cond(Condition{Item: "ep_hurt", Op: "exists"}) },
			"sections[1].items[1].show_if.item", "inside a table"},
		{"show_if on a later sibling", func(d *Definition) { item(d, 1, 0).Items[3].ShowIf.Item = "ep_note" }, "sections[1].items[0].items[3].show_if.item", "does not come earlier"},
		{"show_if in a row on a later top-level item", func(d *Definition) { item(d, 1, 0).Items[4].ShowIf = cond(Condition{Item: "harm", Op: "exists"}) },
			"sections[1].items[0].items[4].show_if.item", "does not come earlier"},
		{"show_if on an info block", func(d *Definition) { item(d, 0, 7).ShowIf = cond(Condition{Item: "intro", Op: "exists"}) }, "sections[0].items[7].show_if.item", "info block"},
		{"show_if op unknown", func(d *Definition) { item(d, 0, 7).ShowIf.Op = "==" }, "sections[0].items[7].show_if.op", "must be one of = != > >= < <= exists"},
		{"show_if op empty", func(d *Definition) { item(d, 0, 7).ShowIf.Op = "" }, "sections[0].items[7].show_if.op", "must not be empty"},
		{"show_if value missing", func(d *Definition) { item(d, 0, 7).ShowIf.Value = nil }, "sections[0].items[7].show_if.value", "must not be empty"},
		{"yes_no compared with text", func(d *Definition) { item(d, 0, 7).ShowIf.Value = "yes" }, "sections[0].items[7].show_if.value", "true or false"},
		{"choice compared with a non-option", func(d *Definition) { item(d, 0, 8).ShowIf = cond(Condition{Item: "who", Op: "=", Value: "teacher"}) },
			"sections[0].items[8].show_if.value", "not one of the options of who"},
		{"ordering op on text", func(d *Definition) { item(d, 0, 8).ShowIf = cond(Condition{Item: "name", Op: ">", Value: "m"}) },
			"sections[0].items[8].show_if.op", "must be =, != or exists for a text item"},
		{"exists with a text value", func(d *Definition) { item(d, 0, 8).ShowIf = cond(Condition{Item: "name", Op: "exists", Value: "x"}) },
			"sections[0].items[8].show_if.value", "true, false or left out"},
		{"date compared with a non-date", func(d *Definition) {
			item(d, 0, 8).ShowIf = cond(Condition{Item: "when", Op: ">", Value: "2024-02-30"})
		},
			"sections[0].items[8].show_if.value", "must be a date"},
		{"number compared with text", func(d *Definition) { item(d, 0, 8).ShowIf = cond(Condition{Item: "age", Op: ">", Value: "ten"}) },
			"sections[0].items[8].show_if.value", "must be a number"},
		{"repeat compared with =", func(d *Definition) { item(d, 1, 1).ShowIf = cond(Condition{Item: "episodes", Op: "=", Value: "x"}) },
			"sections[1].items[1].show_if.op", "must be exists for a table"},
		{"rule and group together", func(d *Definition) { item(d, 0, 7).ShowIf.Any = []Condition{{Item: "name", Op: "exists"}} },
			"sections[0].items[7].show_if", "either one rule"},
		{"empty condition", func(d *Definition) { item(d, 0, 7).ShowIf = &Condition{} }, "sections[0].items[7].show_if", "must not be empty"},
		{"empty group member", func(d *Definition) { item(d, 0, 7).ShowIf = cond(Condition{All: []Condition{{}}}) }, "sections[0].items[7].show_if.all[0]", "must not be empty"},
		{"nested too deeply", func(d *Definition) {
			c := Condition{Item: "name", Op: "exists"}
			for i := 0; i < 5; i++ {
				c = Condition{Any: []Condition{c}}
			}
			item(d, 0, 7).ShowIf = &c
		}, "sections[0].items[7].show_if.any[0].any[0].any[0].any[0].any[0]", "nested too deeply (at most 5 levels)"},
		{"group too large", func(d *Definition) {
			c := Condition{}
			for i := 0; i < 51; i++ {
				c.Any = append(c.Any, Condition{Item: "name", Op: "exists"})
			}
			item(d, 0, 7).ShowIf = &c
		}, "sections[0].items[7].show_if.any", "too many rules (at most 50)"},
		// Scales.
		{"scale id empty", func(d *Definition) { d.Scales[0].ID = "" }, "scales[0].id", "must not be empty"},
		{"scale id bad", func(d *Definition) { d.Scales[0].ID = "Sum" }, "scales[0].id", "lowercase letter"},
		{"scale id duplicate", func(d *Definition) { d.Scales[1].ID = "sc" }, "scales[1].id", "already used by scales[0]"},
		{"scale title empty", func(d *Definition) { d.Scales[0].Title = "" }, "scales[0].title", "must not be empty"},
		{"scale without items", func(d *Definition) { d.Scales[1].Items = nil }, "scales[1].items", "at least one item"},
		{"scale item unknown", func(d *Definition) { d.Scales[1].Items[1] = "-q9" }, "scales[1].items[1]", `refers to "q9"`},
		{"scale item not numeric", func(d *Definition) { d.Scales[1].Items[1] = "name" }, "scales[1].items[1]", "not scorable"},
		{"scale item number without max", func(d *Definition) { d.Scales[1].Items[1] = "weight" }, "scales[1].items[1]", "not scorable"},
		{"scale item is a sub-item", func(d *Definition) { d.Scales[1].Items[1] = "ep_age" }, "scales[1].items[1]", "not a top-level question"},
		{"scale item twice", func(d *Definition) { d.Scales[1].Items[1] = "-q1" }, "scales[1].items[1]", "again (already items[0])"},
		{"scale method unknown", func(d *Definition) { d.Scales[1].Method = "median" }, "scales[1].method", "must be sum or mean"},
		{"scale method empty", func(d *Definition) { d.Scales[1].Method = "" }, "scales[1].method", "must be sum or mean"},
		{"interpretation too long", func(d *Definition) { d.Scales[1].Interpretation = long(4001) }, "scales[1].interpretation", "too long"},
		// Bands.
		{"band without max before the last", func(d *Definition) { d.Scales[0].Bands[1].Max = nil }, "scales[0].bands[1].max", "only the last band has no max"},
		{"last band with max", func(d *Definition) { d.Scales[0].Bands[2].Max = fp(16) }, "scales[0].bands[2].max", "must be left out on the last band"},
		{"bands not ascending", func(d *Definition) { d.Scales[0].Bands[1].Max = fp(5) }, "scales[0].bands[1].max", "more than the max of the band before (5)"},
		{"band label empty", func(d *Definition) { d.Scales[0].Bands[0].Label = "" }, "scales[0].bands[0].label", "must not be empty"},
		{"band below the range", func(d *Definition) { d.Scales[0].Bands[0].Max = fp(-1) }, "scales[0].bands[0].max", "below the lowest possible score (0)"},
		{"band reaches the top", func(d *Definition) { d.Scales[0].Bands[1].Max = fp(16) }, "scales[0].bands[1].max", "highest possible score (16)"},
		{"too many bands", func(d *Definition) { d.Scales[1].Bands = make([]Band, 21) }, "scales[1].bands", "too many bands"},
		// Flags.
		{"flag id empty", func(d *Definition) { d.Flags[0].ID = "" }, "flags[0].id", "must not be empty"},
		{"flag id duplicate", func(d *Definition) { d.Flags[1].ID = "harm" }, "flags[1].id", "already used by flags[0]"},
		{"flag severity unknown", func(d *Definition) { d.Flags[1].Severity = "urgent" }, "flags[1].severity", "low, medium or high"},
		{"flag message empty", func(d *Definition) { d.Flags[1].Message = "" }, "flags[1].message", "must not be empty"},
		{"flag message too long", func(d *Definition) { d.Flags[1].Message = long(1001) }, "flags[1].message", "too long"},
		{"flag client message too long", func(d *Definition) { d.Flags[1].ClientMessage = long(601) }, "flags[1].client_message", "is too long (601 characters; at most 600)"},
		{"client message on a high flag", func(d *Definition) { d.Flags[0].ClientMessage = "Take care." }, "flags[0].client_message", "only for a medium flag"},
		{"flag without rule", func(d *Definition) { d.Flags[1].When = Condition{} }, "flags[1].when", "must not be empty"},
		{"flag on a sub-item", func(d *Definition) { d.Flags[1].When = Condition{Item: "ep_hurt", Op: "exists"} }, "flags[1].when.item", "inside a table"},
		{"flag on an unknown item", func(d *Definition) { d.Flags[1].When.Item = "nope" }, "flags[1].when.item", "not a question"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := fixture(t)
			tt.mutate(d)
			ps := d.Validate()
			found := false
			for _, p := range ps {
				if p.Path == tt.path && strings.Contains(p.Message, tt.msg) {
					found = true
				}
			}
			if !found {
				t.Errorf("want %s: %q; got %v", tt.path, tt.msg, ps)
			}
		})
	}
}

func TestValidateAcceptsEdgeCases(t *testing.T) {
	t.Parallel()
	d := fixture(t)
	// Flags may look at any top-level item, and exists may take false.
	d.Flags = append(d.Flags, FlagRule{ID: "silent", Severity: "low", Message: "M",
		When: Condition{All: []Condition{{Item: "harm_detail", Op: "exists", Value: false}, {Item: "when", Op: "<", Value: "2020-01-01"}}}})
	// A sub-item may look at an earlier sibling and an earlier top-level item.
	item(d, 1, 0).Items[4].ShowIf = &Condition{Any: []Condition{{Item: "ep_kind", Op: "=", Value: "other"}, {Item: "q1", Op: ">=", Value: 2}}}
	// Int values from Go code count as numbers.
	item(d, 0, 9).Options[0].Value = 0
	if ps := d.Validate(); len(ps) != 0 {
		t.Errorf("problems: %v", ps)
	}
	var nilDef *Definition
	if ps := nilDef.Validate(); len(ps) != 1 {
		t.Errorf("nil definition: %v", ps)
	}
}
