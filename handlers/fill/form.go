package fill

import (
	"crypto/rand"
	"encoding/hex"
	"html/template"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/views"
	"github.com/tend-health/tend/worksheets"
)

// fillFormPage is the data of client/form.html.
type fillFormPage struct {
	httpx.Base
	Sheet   fillHead
	Body    template.HTML // the sections (form_body.go)
	Version string        // the draft's version

	SubmissionKey string
	Summary       []fillSummaryEntry
	Conflict      bool         // a save met a newer version saved elsewhere
	Removed       *fillRemoved // a row just removed (no JavaScript), with "Put it back"
	Unavailable   bool         // the database could not take the save: nothing was stored
	Sending       bool         // …and it was the Send button
}

// fillHead is what every client page says about the worksheet.
type fillHead struct {
	Title, Description, Practitioner, Instructions string
	ResponseTime                                   string // roughly when answers are read
	Minutes                                        int
	DueOn                                          *time.Time
	Submitted                                      bool
	SubmittedAt                                    *time.Time
	HasDraft                                       bool
	// CopyGone: sent longer ago than TEND_ANSWERS_VISIBLE_FOR, so the link
	// says only when they were sent, no answers.
	CopyGone  bool
	CopyUntil *time.Time // when the copy stops being shown; nil before sending
	// FromHome: entered from the client's own page, so the pages link back
	// to it ("All your worksheets").
	FromHome bool
}

// Who names the practitioner, or says "your practitioner".
func (s fillHead) Who() string {
	if s.Practitioner == "" {
		return "your practitioner"
	}
	return s.Practitioner
}

// fillSummaryEntry is one line of the error summary at the top of the form.
type fillSummaryEntry struct {
	Anchor, Prompt, Message string
}

func (h *Handler) fillHeadOf(c *fiber.Ctx, v *models.AssignmentView) fillHead {
	d := v.Worksheet.Def
	var until *time.Time
	if v.SubmittedAt != nil {
		u := v.SubmittedAt.Add(h.Config.AnswersVisibleFor)
		until = &u
	}
	return fillHead{CopyGone: h.copyGone(v), CopyUntil: until, Title: d.Title, Description: d.Description, Practitioner: v.PractitionerName,
		Instructions: v.Instructions, ResponseTime: v.Words.ResponseTime, Minutes: d.EstimatedMinutes, DueOn: v.DueOn,
		Submitted: fillSubmitted(v), SubmittedAt: v.SubmittedAt, HasDraft: v.ResponseVersion > 0,
		FromHome: fillSession(c) != nil && fillSession(c).HomeSession != ""}
}

// copyGone says the client's read-only copy of v is no longer shown: it was
// sent more than TEND_ANSWERS_VISIBLE_FOR ago.
func (h *Handler) copyGone(v *models.AssignmentView) bool {
	return fillSubmitted(v) && v.SubmittedAt != nil && !h.Store.Now().Before(v.SubmittedAt.Add(h.Config.AnswersVisibleFor))
}

func fillSubmitted(v *models.AssignmentView) bool {
	return v.Status == models.StatusSubmitted || v.Status == models.StatusReviewed
}

// loadFill loads the assignment the request may act on (a page has it
// from fillPage already).
func (h *Handler) loadFill(c *fiber.Ctx) (*models.AssignmentView, error) {
	if v, ok := c.Locals(localFillView).(*models.AssignmentView); ok {
		return v, nil
	}
	return h.Store.FillAssignment(c.UserContext(), fillAssignmentID(c))
}

// showFillFormPage shows the form with the saved draft; once submitted, the
// read-only copy instead.
func (h *Handler) showFillFormPage(c *fiber.Ctx) error {
	v, err := h.loadFill(c)
	if err != nil {
		return err
	}
	if fillSubmitted(v) {
		return httpx.Redirect(c, "/f/answers")
	}
	return h.renderFillForm(c, fiber.StatusOK, v, fillFormState{answers: v.Answers, version: v.ResponseVersion})
}

// fillFormState is what a re-rendered form carries over from a post.
type fillFormState struct {
	answers  worksheets.Answers
	errs     []worksheets.FieldError
	version  int
	key      string // the submission's idempotency key, kept across errors
	conflict bool
	removed  *fillRemoved
	// unavailable: the database could not take this post; the page comes
	// back as typed (503, Retry-After) saying plainly nothing was stored.
	unavailable, sending bool
}

func (h *Handler) renderFillForm(c *fiber.Ctx, status int, v *models.AssignmentView, st fillFormState) error {
	def := v.Worksheet.Def
	byKey := map[string]string{}
	for _, e := range st.errs {
		if _, dup := byKey[e.Item]; !dup {
			byKey[e.Item] = e.Message
		}
	}
	if st.answers == nil {
		st.answers = worksheets.Answers{}
	}
	if st.key == "" || len(st.key) > 100 {
		st.key = fillSubmissionKey()
	}
	sk, err := h.formSkeletonOf(v.Worksheet)
	if err != nil {
		return err
	}
	b := h.Base(c, "", def.Title)
	b.CSRF = fillSession(c).CSRFToken
	p := fillFormPage{Base: b, Sheet: h.fillHeadOf(c, v), Version: strconv.Itoa(st.version), SubmissionKey: st.key,
		Conflict: st.conflict, Removed: st.removed, Unavailable: st.unavailable, Sending: st.sending}
	secs := fillFormOf(v.Worksheet).Sections(st.answers, byKey)
	views.AddCrisisHelp(secs, def, st.answers, crisisHeading, h.crisisText(v))
	p.Summary = fillSummarize(secs, st.errs)
	if st.unavailable {
		status = fiber.StatusServiceUnavailable
		c.Set(fiber.HeaderRetryAfter, httpx.RetryAfterSeconds)
	}
	c.Status(status)
	if p.plain() {
		if cut := h.formPageOf(v.Worksheet, p.Sheet.FromHome); cut != nil {
			return h.writeFormPage(c, cut, &p, sk, secs)
		}
	}
	body, err := h.formBody(nil, sk, secs)
	if err != nil {
		return err
	}
	p.Body = template.HTML(body) // #nosec: html/template's fragments, the client's text escaped
	return h.Render(c, "client/form", p)
}

// fillSummarize lists the errors in page order, each linking to its item;
// errors about nothing on the page (a hand-made post) come last, unlinked.
func fillSummarize(secs []views.FillSection, errs []worksheets.FieldError) []fillSummaryEntry {
	var out []fillSummaryEntry
	shown := map[string]bool{}
	var walk func(items []*views.FillItem, prefix string)
	walk = func(items []*views.FillItem, prefix string) {
		for _, it := range items {
			if it.Error != "" {
				out = append(out, fillSummaryEntry{Anchor: it.Anchor, Prompt: prefix + it.Prompt, Message: it.Error})
				shown[it.Name], shown[it.Name+worksheets.OtherSuffix] = true, true
			}
			for _, r := range it.Rows {
				walk(r.Items, r.Label+" "+r.Number+": ")
			}
		}
	}
	for _, s := range secs {
		walk(s.Items, "")
	}
	for _, e := range errs {
		if !shown[e.Item] {
			shown[e.Item] = true
			out = append(out, fillSummaryEntry{Prompt: e.Item, Message: views.FillSentence("This answer", e.Message)})
		}
	}
	return out
}

func fillSubmissionKey() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
