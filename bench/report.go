package main

import (
	"fmt"
	"html/template"
	"io"
	"log"
	"net"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
)

// row is one figure beside its ceiling (or goal) and the ratio.
type row struct {
	what, tend, ceiling string
	ratio               float64 // 0: none
	goal                string  // "≤ 1.5×", "≥ 0.8×"
	lower               bool    // the ratio should be at most the goal's number
}

// met says whether the ratio meets the goal ("" when there is none).
func (r row) met() string {
	var g float64
	if r.ratio == 0 || r.goal == "" {
		return ""
	}
	fmt.Sscanf(strings.TrimLeft(r.goal, "≤≥ "), "%g", &g)
	if (r.lower && r.ratio <= g) || (!r.lower && r.ratio >= g) {
		return "yes"
	}
	return "no"
}

type report struct {
	started time.Time
	opts    options
	plain   figure // Fiber hello world
	naive   figure // naive html/template form, at the start
	naiveAt string // the naive form's URL, served until stopCeilings
	stop    func() error
	rows    []row
	notes   []string
}

func (r *report) add(x row) {
	r.rows = append(r.rows, x)
	fmt.Printf("  %s: %s | %s\n", x.what, x.tend, x.ceiling)
}

// reserve keeps a row's place for a figure measured later (set).
func (r *report) reserve() int { r.rows = append(r.rows, row{}); return len(r.rows) - 1 }
func (r *report) set(i int, x row) {
	r.rows[i] = x
	fmt.Printf("  %s: %s | %s\n", x.what, x.tend, x.ceiling)
}
func (r *report) note(s string) { r.notes = append(r.notes, s); fmt.Println(" ", s) }
func ratio(x float64) string    { return fmt.Sprintf("%.2f×", x) }
func cell(s string) string      { return strings.ReplaceAll(s, "|", "/") }
func (r *report) mode() string {
	return fmt.Sprintf("sizes %v, %d rounds of %d requests, load runs of %s", r.opts.sizes, r.opts.rounds, r.opts.n, r.opts.load)
}
func (r *report) header() string {
	return fmt.Sprintf("%s; %s; %s", r.started.UTC().Format(time.RFC3339), machine(), r.mode())
}
func (r *report) plainRow() row {
	return row{what: "Fiber plain text (ceiling for any page)", tend: r.plain.String(), ceiling: "—"}
}
func (r *report) allRows() []row   { return append([]row{r.plainRow()}, r.rows...) }
func (r *report) naiveRow() string { return "naive form: " + r.naive.String() }

// goalsMet counts the rows with a goal and those that meet it.
func (r *report) goalsMet() string {
	goals, met := 0, 0
	for _, x := range r.rows {
		switch x.met() {
		case "yes":
			met++
			goals++
		case "no":
			goals++
		}
	}
	return fmt.Sprintf("%d of %d goals met", met, goals)
}

func (r *report) print(w io.Writer) {
	fmt.Fprintln(w, "\nTend performance —", r.header()+";", r.goalsMet())
	for _, x := range r.allRows() {
		line := fmt.Sprintf("%-70s %-48s vs %s", x.what, x.tend, x.ceiling)
		if x.ratio != 0 {
			line += "  = " + ratio(x.ratio)
		}
		if x.goal != "" {
			line += fmt.Sprintf(" (goal %s: %s)", x.goal, x.met())
		}
		fmt.Fprintln(w, line)
	}
}

func (r *report) markdown(w io.Writer) {
	fmt.Fprintf(w, "# Performance\n\nWritten by `go run ./bench` (see its doc comment); CI prints a shorter run\n")
	fmt.Fprintf(w, "(`go run ./bench -quick`). Every figure is measured in the same run as its\nceiling, on the machine named here; compare ratios, not absolute times.\n\n")
	fmt.Fprintf(w, "%s; %s\n\n", r.header(), r.goalsMet())
	fmt.Fprintf(w, "| what | Tend | ceiling | ratio | goal | met |\n| --- | --- | --- | --- | --- | --- |\n")
	for _, x := range r.allRows() {
		rt := ""
		if x.ratio != 0 {
			rt = ratio(x.ratio)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s |\n", cell(x.what), cell(x.tend), cell(x.ceiling), rt, x.goal, x.met())
	}
	fmt.Fprintf(w, "\nLatencies are medians of sequential requests over loopback; CPU is this\nprocess's (server and client) per request. Notes:\n\n")
	for _, n := range r.notes {
		fmt.Fprintf(w, "- %s\n", n)
	}
}

// naiveForm is the ceiling for the form page: 30 questions of five
// choices each, rendered by html/template with no logic at all.
var naiveForm = template.Must(template.New("f").Parse(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>{{.Title}}</title></head><body><main><h1>{{.Title}}</h1><form method="post" action="/f/save">
{{range .Qs}}<fieldset><legend>{{.Label}}</legend>{{$id := .ID}}{{range .Options}}<label><input type="radio" name="{{$id}}" value="{{.}}"> {{.}}</label>{{end}}</fieldset>
{{end}}<button>Send</button></form></main></body></html>`))

type naiveQ struct {
	ID, Label string
	Options   []string
}

// ceilings measures Fiber's plain text and the naive form over loopback,
// and keeps serving them (naiveNow) until stopCeilings.
func (r *report) ceilings(o options) {
	qs := make([]naiveQ, 30)
	for i := range qs {
		qs[i] = naiveQ{fmt.Sprintf("q%d", i), fmt.Sprintf("Question %d: how true was this for you this week?", i+1),
			[]string{"Not at all", "A little", "Somewhat", "Mostly", "Completely"}}
	}
	data := map[string]any{"Title": "A naive form", "Qs": qs}
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Get("/plain", func(c *fiber.Ctx) error { return c.SendString("ok") })
	app.Get("/form", func(c *fiber.Ctx) error {
		c.Type("html")
		return naiveForm.Execute(c.Response().BodyWriter(), data)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		log.Fatal(err)
	}
	go app.Listener(ln)
	r.stop = app.Shutdown
	base := "http://" + ln.Addr().String()
	r.naiveAt = base + "/form"
	get := func(path string) func(int) error {
		return func(int) error { _, _, err := call("GET", base+path, nil, 200); return err }
	}
	if r.plain, err = measure(o.rounds, o.n, get("/plain")); err != nil {
		log.Fatal(err)
	}
	if r.naive, err = measure(o.rounds, o.n, get("/form")); err != nil {
		log.Fatal(err)
	}
	fmt.Println(" ", r.naiveRow())
}

// naiveNow measures the naive form again: a ceiling next to the figure
// it is compared with, minutes after the start on a machine that drifts.
func (r *report) naiveNow(o options) (figure, error) {
	return measure(o.rounds, o.n, func(int) error { _, _, err := call("GET", r.naiveAt, nil, 200); return err })
}

func (r *report) stopCeilings() {
	if r.stop != nil {
		r.stop()
	}
}
