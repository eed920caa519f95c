package web

import (
	"bytes"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// todayLimit is how many rows each list on Today shows.
const todayLimit = 15

type statusCount struct {
	Status string
	N      int64
}

type todayPage struct {
	httpx.Base
	Today         time.Time
	Flags         []models.FlagRow
	FlagsMore     bool
	FlagCount     int64
	Submitted     []models.AssignmentRow
	SubmittedMore bool
	Overdue       []models.AssignmentRow
	OverdueMore   bool
	DueSoon       []models.AssignmentRow
	DueSoonMore   bool
	Released      []models.ReleasedRow
	ReleasedMore  bool
	Counts        []statusCount
	Total         int64
	// Lists is the rendered body (template today_lists), built from the
	// fields above or kept from an earlier build (todayCache).
	Lists template.HTML
}

// showTodayPage: what needs attention first. The body is built again
// only when something it shows may have changed (todayCache).
func (h *Handler) showTodayPage(c *fiber.Ctx) error {
	pid := httpx.Me(c).ID
	p := todayPage{Base: h.Base(c, "today", "Today")}
	p.Today = httpx.LocalDate(h.Store.Now(), p.Loc)
	// The stamp was read with the session (practitionerPage), before
	// anything below.
	key := todayKey{httpx.Session(c).TodayStamp, p.Today.Format(time.DateOnly), p.Loc.String()}
	if body, ok := h.today.get(pid, key); ok {
		p.Lists = body
		return h.Render(c, "pages/today", p)
	}
	if err := h.loadToday(c, &p); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := h.Pages.RenderPart(&buf, "pages/today", "today_lists", p); err != nil {
		return err
	}
	p.Lists = template.HTML(buf.String()) // our own template's output, escaped there
	h.today.put(pid, key, p.Lists)
	return h.Render(c, "pages/today", p)
}

// loadToday reads Today's lists and counts into p.
func (h *Handler) loadToday(c *fiber.Ctx, p *todayPage) error {
	ctx, pid := c.UserContext(), httpx.Me(c).ID
	var err error
	if p.Flags, p.FlagsMore, err = h.Store.UnacknowledgedFlags(ctx, pid, todayLimit); err != nil {
		return err
	}
	if p.FlagCount, err = h.Store.CountUnacknowledgedFlags(ctx, pid); err != nil {
		return err
	}
	if p.Submitted, p.SubmittedMore, err = h.Store.AwaitingReview(ctx, pid, todayLimit); err != nil {
		return err
	}
	if p.Overdue, p.OverdueMore, err = h.Store.Overdue(ctx, pid, p.Today, todayLimit); err != nil {
		return err
	}
	if p.DueSoon, p.DueSoonMore, err = h.Store.DueBetween(ctx, pid, p.Today, p.Today.AddDate(0, 0, 8), todayLimit); err != nil {
		return err
	}
	midnight := time.Date(p.Today.Year(), p.Today.Month(), p.Today.Day(), 0, 0, 0, 0, p.Loc)
	if p.Released, p.ReleasedMore, err = h.Store.ReleasedSince(ctx, pid, midnight, todayLimit); err != nil {
		return err
	}
	counts, err := h.Store.StatusCounts(ctx, pid)
	if err != nil {
		return err
	}
	for _, s := range []string{models.StatusAssigned, models.StatusInProgress, models.StatusSubmitted, models.StatusReviewed, models.StatusCancelled} {
		p.Counts = append(p.Counts, statusCount{s, counts[s]})
		p.Total += counts[s]
	}
	return nil
}
