package models

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"gorm.io/gorm"
)

// DefaultResponseTime is when clients are told their answers are read,
// until the practitioner says otherwise.
const DefaultResponseTime = "before your next session"

// ClientWords is what a practitioner's clients are told: roughly when
// answers are read, and the crisis contacts ("" means the server's text).
type ClientWords struct {
	ResponseTime string
	CrisisText   string
}

// ResponseTimeOr is the practitioner's response time, or the default.
func ResponseTimeOr(s string) string {
	if s == "" {
		return DefaultResponseTime
	}
	return s
}

// SetClientWords stores what pid's clients are told. The response time
// takes 1–120 characters; the crisis text at most 2000 (empty: the server's).
func (s *Store) SetClientWords(ctx context.Context, pid string, w ClientWords) error {
	w.ResponseTime, w.CrisisText = strings.TrimSpace(w.ResponseTime), strings.TrimSpace(w.CrisisText)
	var probs []FieldProblem
	if n := utf8.RuneCountInString(w.ResponseTime); n < 1 || n > 120 {
		probs = append(probs, FieldProblem{"response_time", "must be 1 to 120 characters, like “before your next session”"})
	}
	if utf8.RuneCountInString(w.CrisisText) > 2000 {
		probs = append(probs, FieldProblem{"crisis_text", "must be at most 2000 characters"})
	}
	if len(probs) > 0 {
		return &ValidationError{Problems: probs}
	}
	return s.ctx(ctx).Transaction(func(tx *gorm.DB) error {
		err := tx.Model(&Practitioner{}).Where("id = ?", pid).
			Updates(map[string]any{"response_time": w.ResponseTime, "crisis_text": w.CrisisText}).Error
		if err != nil {
			return fmt.Errorf("store: set client words: %w", err)
		}
		return s.audit(ctx, tx, practitionerActor(pid), "client_words.change", "practitioner", pid)
	})
}
