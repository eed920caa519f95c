package web

import (
	"strconv"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/handlers/httpx"
	"github.com/tend-health/tend/models"
)

// scheduleForm is the schedule editor's form.
type scheduleForm struct {
	Worksheets   []string `form:"worksheet"`
	Every        string   `form:"every"`
	Weekday      string   `form:"weekday"`
	StartOn      string   `form:"start_on"`
	Ends         string   `form:"ends"` // count | until
	Count        string   `form:"count"`
	UntilOn      string   `form:"until_on"`
	DueAfterDays string   `form:"due_after_days"`
	ReleaseTime  string   `form:"release_time"`
	Instructions string   `form:"instructions"`
}

// Picked says whether worksheet key is ticked (for the template).
func (f scheduleForm) Picked(key string) bool {
	for _, k := range f.Worksheets {
		if k == key {
			return true
		}
	}
	return false
}

// schedulePage is the schedule editor: new (Schedule nil) or an edit.
type schedulePage struct {
	httpx.Base
	Client     *models.ClientView
	Schedule   *models.ScheduleView
	Worksheets []*models.WorksheetView
	Form       scheduleForm
	Errors     fieldErrors
	Weekdays   []weekdayOption
	MinDate    string
}

type weekdayOption struct {
	N    int
	Name string
}

var weekdays = func() []weekdayOption {
	var out []weekdayOption
	for n := 1; n <= 7; n++ {
		out = append(out, weekdayOption{n, time.Weekday(n % 7).String()})
	}
	return out
}()

var scheduleLabels = map[string]string{"worksheet": "The worksheets", "every": "How often", "weekday": "The day",
	"start_on": "The start date", "count": "The number of times", "until_on": "The end date",
	"due_after_days": "The days to complete", "release_time": "The time", "instructions": "The note", "client": "This client"}

var scheduleRename = map[string]string{"worksheet_keys": "worksheet", "client_id": "client"}

// formFromSchedule fills the editor from a schedule (or defaults when nil).
func formFromSchedule(v *models.ScheduleView, today time.Time) scheduleForm {
	if v == nil {
		return scheduleForm{Every: models.EveryWeek, Weekday: strconv.Itoa(int(today.Weekday()+6)%7 + 1),
			StartOn: today.Format(time.DateOnly), Ends: "count", Count: "12", DueAfterDays: "6", ReleaseTime: models.DefaultReleaseTime}
	}
	f := scheduleForm{Worksheets: v.Keys(), Every: v.Every, Weekday: strconv.Itoa(v.Weekday), StartOn: today.Format(time.DateOnly),
		Ends: "count", Count: strconv.Itoa(v.Count), DueAfterDays: strconv.Itoa(v.DueAfterDays), ReleaseTime: v.ReleaseTime,
		Instructions: v.Instructions}
	if v.UntilOn != nil {
		f.Ends, f.Count, f.UntilOn = "until", "", v.UntilOn.Format(time.DateOnly)
	}
	return f
}

// input reads the form into a schedule input; errs gets what cannot even
// be read (the store checks the rest).
func (f scheduleForm) input(errs fieldErrors) models.ScheduleInput {
	in := models.ScheduleInput{WorksheetKeys: f.Worksheets, Every: f.Every, ReleaseTime: strings.TrimSpace(f.ReleaseTime),
		Instructions: f.Instructions}
	num := func(field, s string, dst *int) {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil {
			errs.add(field, scheduleLabels[field]+" must be a whole number.")
			return
		}
		*dst = n
	}
	num("weekday", f.Weekday, &in.Weekday)
	num("due_after_days", f.DueAfterDays, &in.DueAfterDays)
	anyDate := httpx.DateBounds{Min: httpx.EarliestDate, Max: time.Date(2200, 1, 1, 0, 0, 0, 0, time.UTC), Early: "is too early", Late: "is too late"}
	d, problem := httpx.ParseDate(strings.TrimSpace(f.StartOn), anyDate)
	if problem != "" {
		errs.add("start_on", "The start date "+problem+".")
	}
	in.StartOn = d
	if f.Ends == "until" {
		d, problem := httpx.ParseDate(strings.TrimSpace(f.UntilOn), anyDate)
		if problem != "" {
			errs.add("until_on", "The end date "+problem+".")
		} else if d == nil {
			errs.add("until_on", "Give the end date.")
		}
		in.UntilOn = d
	} else {
		num("count", f.Count, &in.Count)
	}
	return in
}

// renderSchedule shows the editor (with 422 when errs has messages).
func (h *Handler) renderSchedule(c *fiber.Ctx, cl *models.ClientView, v *models.ScheduleView, f scheduleForm, errs fieldErrors) error {
	ws, err := h.Store.ListWorksheets(c.UserContext(), httpx.Me(c).ID)
	if err != nil {
		return err
	}
	title := "Repeat worksheets"
	if v != nil {
		title = "Change a schedule"
	}
	b := h.Base(c, "clients", title)
	p := schedulePage{Base: b, Client: cl, Schedule: v, Worksheets: ws, Form: f, Errors: errs, Weekdays: weekdays,
		MinDate: httpx.LocalDate(h.Store.Now(), b.Loc).Format(time.DateOnly)}
	if len(errs) > 0 {
		return h.unprocessable(c, "pages/schedule", p)
	}
	return h.Render(c, "pages/schedule", p)
}
