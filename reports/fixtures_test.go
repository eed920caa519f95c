package reports

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/unicode/norm"

	"github.com/tend-health/tend/worksheets"
)

// The fixture worksheet covers every item type, show_if, allow_other, two
// scales with bands and a repeat table. It is decoded with encoding/json so
// the option values have the types a parsed definition would have.
const fixtureDefinitionJSON = `{
  "key": "asking-for-help", "version": 2, "title": "Asking for help",
  "sections": [
    {"title": "This week", "items": [
      {"id": "intro", "type": "info", "prompt": "INFO-BLOCK-NOT-PRINTED"},
      {"id": "one_word", "type": "text", "prompt": "One phrase for this week"},
      {"id": "week_story", "type": "long_text", "prompt": "What happened this week? Write as much as you like."},
      {"id": "sleep_hours", "type": "number", "prompt": "Hours of sleep on an average night", "min": 0, "max": 24},
      {"id": "hard_day", "type": "date", "prompt": "Which day was hardest?"},
      {"id": "talked", "type": "yes_no", "prompt": "Did you talk to anyone about how you felt?"},
      {"id": "why_not", "type": "long_text", "prompt": "What stopped you?",
       "show_if": {"item": "talked", "op": "=", "value": false}},
      {"id": "who", "type": "text", "prompt": "Who did you talk to?",
       "show_if": {"item": "talked", "op": "=", "value": true}},
      {"id": "went_to", "type": "choice", "prompt": "Who would you go to first?", "allow_other": true,
       "options": [{"value": "friend", "label": "A friend"}, {"value": "family", "label": "Family"}, {"value": "gp", "label": "My GP"}]},
      {"id": "mood", "type": "choice", "prompt": "Overall mood",
       "options": [{"value": "low", "label": "Low"}, {"value": "ok", "label": "Okay-ish"}, {"value": "good", "label": "Good"}]},
      {"id": "helpers", "type": "multi_choice", "prompt": "Who or what helped?", "allow_other": true,
       "options": [{"value": "friend", "label": "A friend"}, {"value": "family", "label": "Family"},
                   {"value": "gp", "label": "My GP"}, {"value": "app", "label": "An app"}]},
      {"id": "stress", "type": "slider", "prompt": "How stressed did you feel?", "min": 0, "max": 10, "step": 1,
       "min_label": "calm", "max_label": "very stressed"},
      {"id": "smile", "type": "text", "prompt": "Anything that made you smile?"},
      {"id": "own_words", "type": "text", "prompt": "A line in your own language"},
      {"id": "anything_else", "type": "long_text", "prompt": "Anything else you want me to know?"}
    ]},
    {"title": "Asking for help", "intro": "How true is each statement?", "items": [
      {"id": "q1", "type": "likert", "prompt": "I would rather cope alone than ask someone.", "options": LIKERT},
      {"id": "q2", "type": "likert", "prompt": "Asking for help feels like being a burden.", "options": LIKERT},
      {"id": "q3", "type": "likert", "prompt": "People would think less of me if I asked.", "options": LIKERT},
      {"id": "q4", "type": "likert", "prompt": "I talk to myself harshly when things go wrong.", "options": LIKERT},
      {"id": "q5", "type": "likert", "prompt": "I notice when I could use support.", "options": LIKERT}
    ]},
    {"title": "Thought record", "items": [
      {"id": "log", "type": "repeat", "prompt": "Moments when you wanted help but did not ask", "items": [
        {"id": "when", "type": "date", "prompt": "When"},
        {"id": "situation", "type": "text", "prompt": "Situation"},
        {"id": "thought", "type": "long_text", "prompt": "What went through your mind?"},
        {"id": "strength", "type": "slider", "prompt": "How strong", "min": 0, "max": 100,
         "min_label": "none", "max_label": "overwhelming"},
        {"id": "emotion", "type": "choice", "prompt": "Feeling",
         "options": [{"value": "anxious", "label": "Anxious"}, {"value": "sad", "label": "Sad"},
                     {"value": "ashamed", "label": "Ashamed"}, {"value": "angry", "label": "Angry"}]},
        {"id": "instead", "type": "text", "prompt": "What I did instead",
         "show_if": {"item": "emotion", "op": "=", "value": "anxious"}}
      ]},
      {"id": "later_log", "type": "repeat", "prompt": "Plans for next week", "items": [
        {"id": "plan", "type": "text", "prompt": "Plan"}
      ]}
    ]}
  ],
  "scales": [
    {"id": "help", "title": "Not asking for help", "items": ["q1", "q2", "q3", "-q5"], "method": "sum",
     "bands": [{"max": 5, "label": "low", "meaning": "asks for help readily"},
               {"max": 10, "label": "moderate", "meaning": "asks for help sometimes, holds back when it matters"},
               {"label": "high", "meaning": "asks for help rarely"}]},
    {"id": "selftalk", "title": "Harsh self-talk", "items": ["q4"], "method": "sum",
     "bands": [{"max": 1, "label": "gentle"}, {"max": 2, "label": "mixed"}, {"label": "harsh"}]}
  ]
}`

const likertJSON = `[{"value": 0, "label": "Not at all"}, {"value": 1, "label": "A little"},
  {"value": 2, "label": "Somewhat"}, {"value": 3, "label": "Quite a lot"}, {"value": 4, "label": "Very much"}]`

func fixtureDefinition(t testing.TB) *worksheets.Definition {
	t.Helper()
	var def worksheets.Definition
	src := strings.ReplaceAll(fixtureDefinitionJSON, "LIKERT", likertJSON)
	if err := json.Unmarshal([]byte(src), &def); err != nil {
		t.Fatalf("fixture definition: %v", err)
	}
	return &def
}

// Answer texts the tests look for in the PDF.
const (
	vietnamese   = "Tôi không muốn nhờ ai giúp đỡ"
	emojiAnswer  = "Vui 😊 👍 ✅ ❤️"
	wentToOther  = "Bà ngoại — Zażółć gęślą jaźń"
	helpersOther = "Le médecin à l'hôpital — Šťastný a Spaziergänge"
	whyNot       = "Tôi sợ làm phiền người khác.\nIch wollte niemandem zur Last fallen.\n\nJ'avais honte d'en parler."
	staleHidden  = "STALE-HIDDEN-ANSWER"
	ownWordsNFC  = "Tiếng Việt: Tôi đã cố gắng hết sức"
)

var storySentences = []string{
	"Thứ Hai tôi thức dậy sớm và cảm thấy nặng nề, nhưng vẫn đi làm đúng giờ.",
	"On Tuesday I almost called my sister, then told myself she was too busy.",
	"Am Mittwoch habe ich lange Spaziergänge im Park gemacht, das hat geholfen.",
	"Jeudi, j'ai eu peur d'être jugée par mes collègues pendant la réunion.",
	"W piątek poczułam, że zażółć gęślą jaźń to najtrudniejsze zdanie tygodnia.",
	"V sobotu jsem byla šťastná, když mi kamarádka napsala bez důvodu.",
	"Sunday was quiet; I wrote this list and noticed how often I said “later”.",
}

// longStory is exactly n characters (runes), in paragraphs.
func longStory(n int) string {
	var b strings.Builder
	for i := 0; ; i++ {
		if i > 0 {
			if i%5 == 0 {
				b.WriteString("\n\n")
			} else {
				b.WriteString(" ")
			}
		}
		b.WriteString(fmt.Sprintf("(%d) %s", i+1, storySentences[i%len(storySentences)]))
		if len([]rune(b.String())) >= n {
			break
		}
	}
	r := []rune(b.String())[:n]
	return strings.TrimRight(string(r), " \n")
}

var situations = []string{
	"Tại nơi làm việc, sếp hỏi tôi có cần giúp không",
	"Beim Arzt, Wartezimmer voller Leute",
	"Dîner chez ma mère, elle a remarqué que j'étais fatiguée",
	"Na zakupach, nie mogłam znaleźć półki",
	"Late at night, could not sleep",
}

var thoughts = []string{
	"Họ sẽ nghĩ tôi yếu đuối.",
	"Sie haben genug eigene Sorgen; ich störe nur.",
	"Si je demande, elle va s'inquiéter pour rien et ça sera de ma faute.",
	"Nikt nie ma na to czasu. Poradzę sobie sama, jak zawsze.",
	"Everyone else copes. I should be able to do this without bothering anybody, and if I ask now they will remember it.",
}

var emotions = []string{"anxious", "sad", "ashamed", "angry"}

// logRows builds n thought-record rows; row giant (1-based, 0 for none)
// gets a thought longer than a page in its narrow column.
func logRows(n, giant int) []any {
	rows := make([]any, 0, n)
	start := time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		thought := fmt.Sprintf("R%02d %s", i+1, thoughts[i%len(thoughts)])
		if i+1 == giant {
			thought = "GIANT-START " + longStory(3200) + " GIANT-END"
		}
		row := map[string]any{
			"when":      start.AddDate(0, 0, i).Format("2006-01-02"),
			"situation": fmt.Sprintf("S%02d %s", i+1, situations[i%len(situations)]),
			"thought":   thought,
			"strength":  float64(10 + (i*7)%90),
			"emotion":   emotions[i%len(emotions)],
		}
		if i%3 == 0 {
			row["instead"] = fmt.Sprintf("I%02d Đi bộ một vòng", i+1)
		}
		rows = append(rows, row)
	}
	return rows
}

func fixtureAnswers(storyLen, rows, giant int) worksheets.Answers {
	return worksheets.Answers{
		"one_word":      vietnamese,
		"week_story":    longStory(storyLen),
		"sleep_hours":   6.5,
		"hard_day":      "2026-11-20",
		"talked":        false,
		"why_not":       whyNot,
		"who":           staleHidden,
		"went_to":       "other",
		"went_to_other": wentToOther,
		"mood":          "ok",
		"helpers":       []any{"friend", "gp", "other"},
		"helpers_other": helpersOther,
		"stress":        7.0,
		"smile":         emojiAnswer,
		"own_words":     norm.NFD.String(ownWordsNFC),
		"q1":            3.0, "q2": 2.0, "q3": 4.0, "q4": 3.0, "q5": 1.0,
		"log": logRows(rows, giant),
	}
}

var (
	fixedNow = time.Date(2026, 11, 27, 9, 30, 0, 0, time.UTC)
	// dueFixture is the due date of the summary's overdue open work.
	dueFixture = time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)
	loc        = time.FixedZone("ICT", 7*3600)
)

func ptrTime(t time.Time) *time.Time { return &t }
func ptrF(f float64) *float64        { return &f }

func fixtureScores(help, self float64) []worksheets.ScaleScore {
	band := func(v float64, lo, mid float64, names ...string) (string, int) {
		switch {
		case v <= lo:
			return names[0], 0
		case v <= mid:
			return names[1], 1
		}
		return names[2], 2
	}
	hb, hi := band(help, 5, 10, "low", "moderate", "high")
	sb, _ := band(self, 1, 2, "gentle", "mixed", "harsh")
	meanings := []string{"asks for help readily", "asks for help sometimes, holds back when it matters", "asks for help rarely"}
	return []worksheets.ScaleScore{
		{Scale: "help", Title: "Not asking for help", Value: ptrF(help), Band: hb, Meaning: meanings[hi],
			Answered: 3, Total: 4, Min: 0, Max: 16, Prorated: true},
		{Scale: "selftalk", Title: "Harsh self-talk", Value: ptrF(self), Band: sb, Answered: 1, Total: 1, Min: 0, Max: 4},
	}
}

// withAnswers sets what the PDF shows from a definition and its answers,
// the way the handler does: title, version and the answers in words.
func withAnswers(doc AssignmentDoc, def *worksheets.Definition, a worksheets.Answers) AssignmentDoc {
	doc.Title, doc.Version = "", 0
	if def != nil {
		doc.Title, doc.Version = def.Title, def.Version
	}
	doc.Sections = worksheets.Readable(def, a)
	return doc
}

// fixtureAssignment is the big assignment: 5,000-character answer and a
// 40-row table whose row 17 is taller than a page.
func fixtureAssignment(t testing.TB) AssignmentDoc {
	return withAnswers(fixtureMeta(), fixtureDefinition(t), fixtureAnswers(5000, 40, 17))
}

// fixtureMeta is the assignment around the answers.
func fixtureMeta() AssignmentDoc {
	return AssignmentDoc{
		Options:          Options{Now: fixedNow, Location: loc, Deterministic: true},
		ID:               "3f2a9c1e-7b4d-4e8a-9c1e-000000000042",
		ClientName:       "Nguyễn Thị Lan",
		PractitionerName: "Dr. Zofia Wójcik",
		Status:           "Submitted",
		AssignedAt:       time.Date(2026, 11, 13, 10, 0, 0, 0, time.UTC),
		DueOn:            ptrTime(time.Date(2026, 11, 26, 0, 0, 0, 0, time.UTC)),
		SubmittedAt:      ptrTime(time.Date(2026, 11, 25, 21, 14, 0, 0, time.UTC)),
		Scores:           fixtureScores(11, 3),
		Flags: []FlagView{
			{Severity: "medium", Message: "Stress at 7 or more on a 0–10 scale"},
			{Severity: "high", Message: "Says there is no one to turn to — check safety plan"},
			{Severity: "low", Message: "Did not talk to anyone this week", Acknowledged: true},
		},
		Notes: []NoteView{
			{At: time.Date(2026, 11, 26, 8, 5, 0, 0, time.UTC), Author: "Dr. Zofia Wójcik",
				Text: "Talk about the Wednesday walks: what made them possible?\nAsk about her grandmother (bà ngoại)."},
			{At: time.Date(2026, 11, 25, 22, 0, 0, 0, time.UTC), Author: "Dr. Zofia Wójcik",
				Text: "High flag reviewed the same evening; safety plan still current."},
		},
	}
}

// administration is one of three submissions of the scored worksheet for
// the summary; each carries a unique phrase.
func administration(t testing.TB, n int, at time.Time, help, self float64) AssignmentDoc {
	a := withAnswers(fixtureMeta(), fixtureDefinition(t), administrationAnswers(n))
	a.ID = fmt.Sprintf("0000000%d-aaaa-bbbb-cccc-dddddddddddd", n)
	a.AssignedAt = at.AddDate(0, 0, -7)
	a.DueOn = ptrTime(at.AddDate(0, 0, 1))
	a.SubmittedAt = ptrTime(at)
	a.Scores = fixtureScores(help, self)
	a.Flags = nil
	a.Notes = nil
	if help > 10 {
		a.Flags = []FlagView{{Severity: "high", Message: "Says there is no one to turn to — check safety plan"}}
	}
	return a
}

// administrationAnswers are administration n's answers, with its phrase.
func administrationAnswers(n int) worksheets.Answers {
	a := fixtureAnswers(600, 6, 0)
	a["one_word"] = fmt.Sprintf("Lần %d: %s", n, vietnamese)
	return a
}

func fixtureSummary(t testing.TB) SummaryDoc {
	d1 := time.Date(2026, 10, 6, 19, 0, 0, 0, time.UTC)
	d2 := time.Date(2026, 10, 27, 20, 30, 0, 0, time.UTC)
	d3 := time.Date(2026, 11, 17, 18, 45, 0, 0, time.UTC)
	def := fixtureDefinition(t)
	return SummaryDoc{
		Options:          Options{Now: fixedNow, Location: loc, Deterministic: true},
		ClientName:       "Nguyễn Thị Lan",
		PractitionerName: "Dr. Zofia Wójcik",
		From:             time.Date(2026, 10, 1, 0, 0, 0, 0, time.UTC),
		To:               time.Date(2026, 11, 27, 0, 0, 0, 0, time.UTC),
		Answers:          true,
		Open: []OpenWork{{Title: "Thought record", Status: "In progress", DueOn: &dueFixture, Overdue: true},
			{Title: "Sleep diary", Status: "Not started"}},
		Assignments: []AssignmentDoc{
			administration(t, 1, d1, 11, 3), administration(t, 2, d2, 9, 2), administration(t, 3, d3, 7, 1),
		},
		Trends: []Trend{
			{WorksheetTitle: def.Title, ScaleID: "help", ScaleTitle: "Not asking for help", Min: 0, Max: 16,
				Scale: &def.Scales[0], Points: []TrendPoint{
					{At: d1, Value: 11, Band: "high"}, {At: d2, Value: 9, Band: "moderate"}, {At: d3, Value: 7, Band: "moderate"}}},
			{WorksheetTitle: def.Title, ScaleID: "selftalk", ScaleTitle: "Harsh self-talk", Min: 0, Max: 4,
				Scale: &def.Scales[1], Points: []TrendPoint{
					{At: time.Date(2026, 9, 15, 18, 0, 0, 0, time.UTC), Value: 4, Band: "harsh"},
					{At: d1, Value: 3, Band: "harsh"}, {At: d2, Value: 2, Band: "mixed"}, {At: d3, Value: 1, Band: "gentle"}}},
		},
	}
}
