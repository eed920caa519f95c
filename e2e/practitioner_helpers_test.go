package e2e

// Helpers for the practitioner browser tests: sign in, act as a client
// from the private link, run axe-core, save screenshots.

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// Tablet, landscape: how many therapists use Tend between sessions.
const prTabletWidth, prTabletHeight = 1024, 768

// prSignIn opens a new tab and signs the practitioner in through the form.
func prSignIn(t *testing.T, srv *Server, p *testenv.Practitioner, width, height int64) Page {
	t.Helper()
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{Width: width, Height: height})}
	pg.Go(srv.URL + "/login")
	pg.Type("#email", p.Email)
	pg.Type("#password", p.Password)
	pg.ClickAndWait(`form[action="/login"] button[type=submit]`)
	if loc := pg.Location(); loc != srv.URL+"/" {
		t.Fatalf("after sign-in at %s", loc)
	}
	return pg
}

// prEval runs a JavaScript expression (awaiting a promise) and returns its
// string value.
func prEval(pg Page, js string) string {
	pg.T.Helper()
	v, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		pg.T.Fatalf("eval %.60s…: %v", js, err)
	}
	return v
}

// prClientSubmit opens the link in a fresh browser context (the client's
// phone), picks the given radio answers and sends the worksheet.
func prClientSubmit(t *testing.T, srv *Server, link string, radios map[string]string) {
	t.Helper()
	pg := Page{T: t, Ctx: NewTab(t, TabOptions{})}
	pg.Go(srv.Local(link))
	pg.ClickAndWait(`a.button[href="/f/form"]`)
	js, _ := json.Marshal(radios)
	got := prEval(pg, `(() => { const want = `+string(js)+`;
		for (const [n, v] of Object.entries(want)) {
			const el = document.querySelector('input[name="' + n + '"][value="' + v + '"]');
			if (!el) return "missing " + n + "=" + v;
			el.click();
		}
		return "ok"; })()`)
	if got != "ok" {
		t.Fatalf("client form: %s", got)
	}
	pg.ClickAndWait("#send")
	if loc := pg.Location(); !strings.HasSuffix(loc, "/f/done") {
		t.Fatalf("after sending: %s", loc)
	}
}

// checkinRadios answers every likert item of self-reliance-checkin with v.
func checkinRadios(v int) map[string]string {
	m := map[string]string{}
	for _, p := range []string{"ask", "dep", "ctl", "grd"} {
		for i := 1; i <= 3; i++ {
			m[fmt.Sprintf("%s_%d", p, i)] = fmt.Sprint(v)
		}
	}
	return m
}

// axeViolation is one axe-core finding.
type axeViolation struct {
	ID     string   `json:"id"`
	Impact string   `json:"impact"`
	Help   string   `json:"help"`
	Nodes  []string `json:"nodes"`
}

// prAxe runs axe-core (vendored, loaded from our own origin so the strict
// CSP allows it) on the current page and fails on serious or critical
// violations; lesser ones are logged.
func prAxe(t *testing.T, pg Page, name string) {
	t.Helper()
	prEval(pg, `new Promise((resolve, reject) => {
		if (window.axe) return resolve("ok");
		const s = document.createElement("script");
		s.src = "/static/vendor/axe.min.js";
		s.onload = () => resolve("ok");
		s.onerror = () => reject(new Error("axe did not load"));
		document.head.appendChild(s);
	})`)
	out := prEval(pg, `axe.run(document, {resultTypes: ["violations"]}).then(r => JSON.stringify(r.violations.map(v => ({
		id: v.id, impact: v.impact || "", help: v.help,
		nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ") + " :: " + (n.failureSummary || "").replace(/\s+/g, " "))}))))`)
	var vs []axeViolation
	if err := json.Unmarshal([]byte(out), &vs); err != nil {
		t.Fatalf("axe %s: %v", name, err)
	}
	bad := 0
	for _, v := range vs {
		line := fmt.Sprintf("axe %s: %s (%s): %s %v", name, v.ID, v.Impact, v.Help, v.Nodes)
		if v.Impact == "serious" || v.Impact == "critical" {
			bad++
			t.Error(line)
		} else {
			t.Log(line)
		}
	}
	if bad == 0 {
		t.Logf("axe %s: no serious or critical violations (%d minor)", name, len(vs))
	}
}

// prShot writes a full-page PNG to $TEND_SCREENSHOT_DIR, when it is set.
func prShot(t *testing.T, pg Page, name string) {
	t.Helper()
	dir := os.Getenv("TEND_SCREENSHOT_DIR")
	if dir == "" {
		return
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "practitioner-"+name+".png"), pg.Screenshot(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// prSubmit submits answers straight through the store, as a finished
// client visit would (for fixtures that need no browser).
func prSubmit(t *testing.T, env *testenv.Env, id string, ans worksheets.Answers) {
	t.Helper()
	ctx := context.Background()
	a, err := env.Store.FillAssignment(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	clean, errs := a.Worksheet.Def.ValidateAnswers(ans, worksheets.Submit)
	if len(errs) > 0 {
		t.Fatalf("answers: %v", errs)
	}
	if _, _, err := env.Store.Submit(ctx, id, models.Submission{Answers: clean, Scores: a.Worksheet.Def.Score(clean),
		Flags: a.Worksheet.Def.EvaluateFlags(clean)}); err != nil {
		t.Fatal(err)
	}
}

// prAssign gives a worksheet through the store, due in a week.
func prAssign(t *testing.T, env *testenv.Env, pid, clientID, key, instructions string) string {
	t.Helper()
	y, m, d := env.Clock.Now().AddDate(0, 0, 7).Date()
	due := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	v, _, err := env.Store.CreateAssignment(context.Background(), pid, models.NewAssignment{ClientID: clientID, WorksheetKey: key,
		DueOn: &due, Instructions: instructions}, models.LinkPolicy{TTL: 30 * 24 * time.Hour, AfterDue: 14 * 24 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return v.ID
}

// prClick clicks something that does not load a new page.
func prClick(sel string) chromedp.Action[chromedp.Void] { return chromedp.Click(chromedp.CSS(sel)) }
