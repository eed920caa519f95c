package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"github.com/tend-health/tend/models"
)

// draftBody is an autosave of the weekly check-in at a version.
func draftBody(version int) []byte {
	b, _ := json.Marshal(map[string]any{"version": version, "answers": map[string]any{
		"stress": 5, "loneliness": 3, "asked_help": false,
		"week_notes": "A calmer week. I asked my sister to pick me up and it was fine."}})
	return b
}

// measureClient measures what a client does (form page, autosave,
// submit), both PDFs and autosaves under a practitioner's Today reloads,
// at the largest size; db names the database in the rows.
func measureClient(ctx context.Context, rep *report, t *tendRun, p *practice, db string, size int, o options) error {
	s := t.tend.Store
	lp := models.LinkPolicy{TTL: 30 * 24 * time.Hour}
	assign := func(key string) (string, string, error) {
		v, tok, err := s.CreateAssignment(ctx, p.pid, models.NewAssignment{ClientID: p.clientID, WorksheetKey: key}, lp)
		if err != nil {
			return "", "", err
		}
		return v.ID, tok, nil
	}
	at := fmt.Sprintf(" (%s, %dk)", db, size/1000)

	// The form page of the longest built-in worksheet, from a fill session.
	_, tok, err := assign("self-reliance-checkin")
	if err != nil {
		return err
	}
	resp, _, err := call("GET", t.base+"/w/"+tok, nil, 303)
	if err != nil {
		return err
	}
	fill := ""
	for _, c := range resp.Cookies() {
		if c.Name == "tend_fill" {
			fill = c.Value
		}
	}
	before, err := rep.naiveNow(o)
	if err != nil {
		return err
	}
	form, err := measure(o.rounds, o.n, func(int) error {
		_, _, err := call("GET", t.base+"/f/form", nil, 200, "Cookie", "tend_fill="+fill)
		return err
	})
	if err != nil {
		return err
	}
	after, err := rep.naiveNow(o)
	if err != nil {
		return err
	}
	ceilingForm := mean(before, after)
	rep.add(row{what: "client form page, CPU per request" + at, tend: form.String(),
		ceiling: ceilingForm.String() + " naive html/template, 30 questions (measured just before and after)",
		ratio:   form.cpuMs / ceilingForm.cpuMs, goal: "≤ 0.5×", lower: true})

	// Autosave through the client API, against a raw insert of the same row.
	_, tok, err = assign("weekly-connection-checkin")
	if err != nil {
		return err
	}
	save, err := measure(o.rounds, o.n, func(i int) error {
		_, _, err := call("PUT", t.base+"/api/v1/fill/draft", draftBody(i), 200, "Authorization", "Bearer "+tok)
		return err
	})
	if err != nil {
		return err
	}
	raw, err := rawInsert(ctx, s, o)
	if err != nil {
		return err
	}
	rep.add(row{what: "autosave PUT, CPU per request" + at, tend: save.String(), ceiling: raw.String() + " raw insert of the row",
		ratio: save.cpuMs / raw.cpuMs, goal: "≤ 2×", lower: true})
	naive, err := naiveSave(ctx, s, o)
	if err != nil {
		return err
	}
	rep.add(row{what: "the same autosave PUT against a naive handler over the same loopback (no goal: what HTTP adds to the raw insert)" + at,
		tend: save.String(), ceiling: naive.String() + " Fiber PUT: JSON decode, the raw insert, JSON answer", ratio: save.cpuMs / naive.cpuMs})

	// Submit: one fresh assignment per request.
	toks := make([]string, o.rounds*o.n/4)
	ids := make([]string, len(toks))
	for i := range toks {
		if ids[i], toks[i], err = assign("weekly-connection-checkin"); err != nil {
			return err
		}
	}
	submit, err := measure(o.rounds, o.n/4, func(i int) error {
		_, _, err := call("POST", t.base+"/api/v1/fill/submit", []byte(`{"answers":{"stress":4,"loneliness":3,"asked_help":false}}`), 200,
			"Authorization", "Bearer "+toks[i])
		return err
	})
	if err != nil {
		return err
	}
	rep.add(row{what: "submit POST" + at, tend: submit.String(), ceiling: "—"})

	// Both PDFs, through the practitioner API.
	bearer := []string{"Authorization", "Bearer " + p.apiToken}
	pdf, err := measure(o.rounds, o.n/10, func(int) error {
		_, _, err := call("GET", t.base+"/api/v1/assignments/"+ids[0]+"/pdf", nil, 200, bearer...)
		return err
	})
	if err != nil {
		return err
	}
	// Chromium, the PDF's ceiling, runs after every figure of Tend's in
	// this section: its start and teardown must not share the machine
	// with them. Its row keeps its place.
	pdfRow := rep.reserve()
	summary, err := measure(o.rounds, o.n/10, func(int) error {
		_, _, err := call("GET", t.base+"/api/v1/clients/"+p.clientID+"/summary.pdf", nil, 200, bearer...)
		return err
	})
	if err != nil {
		return err
	}
	rep.add(row{what: "session summary PDF" + at, tend: summary.String(), ceiling: "20 ms (goal)", ratio: summary.ms / 20, goal: "≤ 1×", lower: true})

	// Autosaves by 8 clients at once, alone and while a practitioner
	// reloads Today.
	const workers = 8
	wtoks := make([]string, workers)
	for w := range wtoks {
		if _, wtoks[w], err = assign("weekly-connection-checkin"); err != nil {
			return err
		}
	}
	versions := make([]int, workers)
	autosave := func(w, _ int) error {
		_, _, err := call("PUT", t.base+"/api/v1/fill/draft", draftBody(versions[w]), 200, "Authorization", "Bearer "+wtoks[w])
		if err == nil {
			versions[w]++
		}
		return err
	}
	aloneRPS, aloneP99, aloneErr := load(workers, o.load, autosave)
	// beside runs the autosave load while one loop requests path as fast
	// as it answers, and returns the load's figures and the loop's rate.
	beside := func(path string) (rps, p99 float64, errs int, perSec float64) {
		stop := make(chan struct{})
		reloads := make(chan int)
		go func() {
			n := 0
			for {
				select {
				case <-stop:
					reloads <- n
					return
				default:
				}
				if _, _, err := call("GET", t.base+path, nil, 200, "Cookie", "tend_session="+p.session); err == nil {
					n++
				}
			}
		}()
		rps, p99, errs = load(workers, o.load, autosave)
		close(stop)
		return rps, p99, errs, float64(<-reloads) / o.load.Seconds()
	}
	busyRPS, busyP99, busyErr, todays := beside("/")
	// Alone again, right after: a shared machine drifts within seconds,
	// so the load is compared with the mean of a run before and after.
	againRPS, againP99, againErr := load(workers, o.load, autosave)
	rep.add(row{what: fmt.Sprintf("autosaves by %d clients while Today reloads%s", workers, at),
		tend: fmt.Sprintf("%.0f req/s, p99 %.1f ms, %d errors (%.0f Today/s)", busyRPS, busyP99, busyErr, todays),
		ceiling: fmt.Sprintf("alone, before and after: %.0f and %.0f req/s, p99 %.1f and %.1f ms, %d errors",
			aloneRPS, againRPS, aloneP99, againP99, aloneErr+againErr),
		ratio: busyRPS / ((aloneRPS + againRPS) / 2), goal: "≥ 0.8×", lower: false})
	aloneRPS = (aloneRPS + againRPS) / 2
	// What any loop of requests in this process takes from the load: the
	// same loop on /healthz, the cheapest answer Tend has.
	plainRPS, _, _, plains := beside("/healthz")
	rep.note(fmt.Sprintf("%s: the same autosaves beside a loop requesting /healthz (%.0f/s) instead of Today: %.0f req/s, %.2f× of alone (the mean)",
		db, plains, plainRPS, plainRPS/aloneRPS))

	chromium, ok, err := chromiumCeiling(ctx, t.base, p.session, ids[0], o)
	if err != nil {
		return err
	}
	ceiling := fmt.Sprintf("%.2f ms warm headless Chromium loading the assignment's page and printing it (this run)", chromium.ms)
	if !ok {
		chromium.ms = chromiumIssue
		ceiling = fmt.Sprintf("%.0f ms warm headless Chromium (issue 15; no Chromium at %s here)", chromiumIssue, chromiumPath)
	}
	rep.set(pdfRow, row{what: "assignment PDF" + at, tend: pdf.String(), ceiling: ceiling,
		ratio: chromium.ms / pdf.ms, goal: "≥ 10× faster", lower: false})

	now, peak := rss()
	rep.add(row{what: "peak resident memory while serving: form, autosave, submit, PDFs, load runs" + at, tend: fmt.Sprintf("%d MiB (now %d MiB)", peak, now),
		ceiling: "150 MB (goal)", ratio: float64(peak) * (1 << 20) / 150e6, goal: "≤ 1×", lower: true})

	// Start: the first start migrated an empty database; a restart finds
	// it migrated and its history in place.
	re, err := t.restart(ctx, o.rounds)
	if err != nil {
		return err
	}
	rep.add(row{what: "restart on the existing database (app.New: open, check the schema, sync worksheets)" + at, tend: fmt.Sprintf("%d ms", re.Milliseconds()),
		ceiling: "300 ms (goal)", ratio: float64(re.Milliseconds()) / 300, goal: "≤ 1×", lower: true})
	rep.add(row{what: fmt.Sprintf("first start, every migration on an empty database (%s)", db), tend: fmt.Sprintf("%d ms", t.firstStart.Milliseconds()), ceiling: "—"})
	if db == "sqlite" {
		rep.note("Both databases: Today's lists are kept in memory while their stamp (the triggers of steps 16 and 17), date and zone are unchanged, so its rows measure a kept body (building them again after a write costs ≈ 3.5 ms of CPU, as Today did before)")
		rep.note("SQLite: one write connection (autosaves waiting at once share one commit and its fsync), four query_only readers (WAL)")
	} else {
		rep.note("PostgreSQL: a first start includes waiting for the migration lock, which every Tend (and test) migrating a database on the same server shares; a restart on a migrated database takes no lock")
	}
	return nil
}

// rawInsert is the autosave ceiling: an insert of a row like a draft's
// (id, encrypted-size answers, version, time) straight through
// database/sql on the store's own write pool.
func rawInsert(ctx context.Context, s *models.Store, o options) (figure, error) {
	sqlDB, err := s.DB().DB()
	if err != nil {
		return figure{}, err
	}
	if _, err := sqlDB.ExecContext(ctx, "CREATE TABLE bench_raw (id text PRIMARY KEY, answers_enc text NOT NULL, version integer NOT NULL, saved_at timestamp)"); err != nil {
		return figure{}, err
	}
	q := rawInsertSQL(s)
	enc := strings.Repeat("x", 260)
	return measure(o.rounds, o.n, func(i int) error {
		_, err := sqlDB.ExecContext(ctx, q, fmt.Sprintf("row-%d", i), enc, i, time.Now().UTC())
		return err
	})
}

// rawInsertSQL is the raw insert's statement in s's dialect.
func rawInsertSQL(s *models.Store) string {
	if models.IsSQLite(s.DB()) {
		return "INSERT INTO bench_raw (id, answers_enc, version, saved_at) VALUES (?, ?, ?, ?)"
	}
	return "INSERT INTO bench_raw (id, answers_enc, version, saved_at) VALUES ($1, $2, $3, $4)"
}

// naiveSave is the raw insert behind the least an HTTP autosave does: a
// Fiber handler on loopback that decodes the same body, inserts the row
// (rawInsert's table, so it runs after it) and answers the version in
// JSON; no link, no validation, no encryption, no log.
func naiveSave(ctx context.Context, s *models.Store, o options) (figure, error) {
	sqlDB, err := s.DB().DB()
	if err != nil {
		return figure{}, err
	}
	q := rawInsertSQL(s)
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	n := 0
	app.Put("/draft", func(c *fiber.Ctx) error {
		var body struct {
			Version int            `json:"version"`
			Answers map[string]any `json:"answers"`
		}
		if err := json.Unmarshal(c.Body(), &body); err != nil {
			return c.SendStatus(422)
		}
		enc, _ := json.Marshal(body.Answers)
		n++ // requests are sequential
		if _, err := sqlDB.ExecContext(c.UserContext(), q, fmt.Sprintf("naive-%d", n), string(enc), body.Version, time.Now().UTC()); err != nil {
			return err
		}
		return c.JSON(fiber.Map{"version": body.Version + 1})
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return figure{}, err
	}
	go app.Listener(ln)
	defer app.Shutdown()
	url := "http://" + ln.Addr().String() + "/draft"
	return measure(o.rounds, o.n, func(i int) error {
		_, _, err := call("PUT", url, draftBody(i), 200, "Authorization", "Bearer naive")
		return err
	})
}
