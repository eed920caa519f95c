package e2e

import (
	"encoding/json"
	"fmt"
	"math"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// Text the browser tests type: Vietnamese with its tone marks, an emoji
// (outside the Basic Multilingual Plane) and a line break.
const (
	vietnamese = "Tôi không muốn nhờ ai giúp đỡ"
	emoji      = "😊"
)

// Assignment is a worksheet given to a new client through the API.
type Assignment struct {
	ID, Link string // Link is on the test server
	P        *testenv.Practitioner
}

// Assign creates a client and gives them worksheet key.
func Assign(t testing.TB, srv *Server, p *testenv.Practitioner, key string) Assignment {
	t.Helper()
	a := p.AssignNew(key, "Take your time. There are no wrong answers.")
	return Assignment{ID: a.AssignmentID, Link: srv.Local(a.Link), P: p}
}

// Stored is what the practitioner API shows for the assignment.
func (a Assignment) Stored(t testing.TB) map[string]any {
	t.Helper()
	resp, body := a.P.API("GET", "/api/v1/assignments/"+a.ID, nil)
	if resp.StatusCode != 200 {
		t.Fatalf("practitioner get: %d %s", resp.StatusCode, body)
	}
	return testenv.JSON(t, body)
}

// filler fills a worksheet through the page, item by item, and keeps what
// it entered as the answers the server must end up with.
type filler struct {
	t    testing.TB
	pg   Page
	def  *worksheets.Definition
	js   bool
	want worksheets.Answers
	n    int
	// atReload is want (printed) when the page was reloaded half-way.
	atReload string
}

// item fills one item (hid is its html id) into dst; top is the top-level
// answers so far and row the repeat row, for show_if.
func (f *filler) item(it worksheets.Item, hid string, dst map[string]any, row map[string]any) {
	f.t.Helper()
	sel := "#" + hid
	if !f.def.Visible(it, f.want, row) {
		if f.js && !f.hidden(hid) {
			f.t.Errorf("%s: shown although its condition is false", hid)
		}
		return
	}
	if f.js && f.hidden(hid) {
		f.t.Fatalf("%s: hidden although its condition holds", hid)
	}
	f.n++
	switch it.Type {
	case worksheets.TypeInfo:
	case worksheets.TypeText:
		v := textFor(it.TextLimit())
		f.pg.Type(sel, v)
		dst[it.ID] = v
	case worksheets.TypeLongText:
		v := vietnamese + ".\nA second line, " + emoji + " " + strconv.Itoa(f.n)
		f.pg.Type(sel, v)
		dst[it.ID] = v
	case worksheets.TypeNumber:
		v := 42.0
		if it.Max != nil && v > *it.Max {
			v = *it.Max
		}
		f.pg.Keys(sel, fillNum(v))
		dst[it.ID] = v
	case worksheets.TypeDate:
		// Day and month alike, so the browser's date format cannot matter.
		f.pg.Keys(sel, "11112026")
		dst[it.ID] = "2026-11-11"
	case worksheets.TypeYesNo:
		// Yes: reveals what depends on it (with JavaScript, it was hidden).
		shown := f.dependents(it.ID, row, true)
		if f.js {
			for _, d := range shown {
				if !f.hidden(d) {
					f.t.Errorf("%s shows before %s is answered", d, it.ID)
				}
			}
		}
		f.click(sel + "-0")
		dst[it.ID] = true
	case worksheets.TypeChoice:
		if it.AllowOther {
			f.click(fmt.Sprintf("%s-%d", sel, len(it.Options)))
			f.pg.Type(sel+"-other", "my coach "+emoji)
			dst[it.ID], dst[it.ID+worksheets.OtherSuffix] = worksheets.OtherValue, "my coach "+emoji
		} else {
			f.click(sel + "-1")
			dst[it.ID] = it.Options[1].Value
		}
	case worksheets.TypeMultiChoice:
		picked := []any{}
		for _, i := range []int{0, 2} {
			if i < len(it.Options) {
				f.click(fmt.Sprintf("%s-%d", sel, i))
				picked = append(picked, it.Options[i].Value)
			}
		}
		if it.AllowOther {
			f.click(fmt.Sprintf("%s-%d", sel, len(it.Options)))
			f.pg.Type(sel+"-other", vietnamese)
			picked = append(picked, worksheets.OtherValue)
			dst[it.ID+worksheets.OtherSuffix] = vietnamese
		}
		dst[it.ID] = picked
	case worksheets.TypeLikert:
		i := f.n % len(it.Options)
		f.click(fmt.Sprintf("%s-%d", sel, i))
		dst[it.ID] = it.Options[i].Value
	case worksheets.TypeSlider:
		lo, hi, step := *it.Min, *it.Max, *it.Step
		v := math.Min(hi, lo+math.Round((hi-lo)/2/step)*step+2*step)
		if f.js {
			f.pg.Keys(sel, kb.ArrowRight+kb.ArrowRight)
		} else {
			// Without JavaScript a slider is a drop-down whose default is
			// "Not answered", so an untouched one sends nothing.
			f.pg.Do("choose "+sel, chromedp.SetValue(chromedp.CSS(sel), fillNum(v)))
		}
		dst[it.ID] = v
	case worksheets.TypeRepeat:
		f.rows(it, hid, dst)
	}
}

// dependents lists the html ids of top-level items whose show_if is
// "<id> = value" (row items are checked where they are filled).
func (f *filler) dependents(id string, row map[string]any, value bool) []string {
	if row != nil {
		return nil
	}
	var out []string
	for _, s := range f.def.Sections {
		for _, it := range s.Items {
			if c := it.ShowIf; c != nil && c.Item == id && c.Op == "=" && c.Value == value {
				out = append(out, "q-"+it.ID)
			}
		}
	}
	return out
}

// rows adds two rows with the page's own button and fills them.
func (f *filler) rows(it worksheets.Item, hid string, dst map[string]any) {
	f.t.Helper()
	for i := 0; i < 2; i++ {
		if f.js {
			f.click("#" + hid + "-add")
			f.pg.Do("row appears", chromedp.WaitVisible(chromedp.CSS(fmt.Sprintf("#%s-%d-row", hid, i))))
		} else {
			f.pg.ClickAndWait("#" + hid + "-add")
		}
	}
	var rows []any
	for i := 0; i < 2; i++ {
		row := map[string]any{}
		for _, sub := range it.Items {
			f.item(sub, fmt.Sprintf("%s-%d-%s", hid, i, sub.ID), row, row)
		}
		rows = append(rows, row)
	}
	dst[it.ID] = rows
}

func (f *filler) click(sel string) {
	f.t.Helper()
	f.pg.Do("click "+sel, chromedp.Click(chromedp.CSS(sel)))
}

// hidden reports whether fill.js hid an item (by its wrapper).
func (f *filler) hidden(hid string) bool {
	f.t.Helper()
	v, err := chromedp.Run(f.pg.Ctx, chromedp.Evaluate[bool](`document.querySelector('[data-hid="`+hid+`"]').hidden`))
	if err != nil {
		f.t.Fatalf("hidden %s: %v", hid, err)
	}
	return v
}

func textFor(limit int) string {
	switch {
	case limit >= 60:
		return vietnamese + " " + emoji
	case limit >= 8:
		return "T.K. " + emoji
	}
	return "T.K."
}

func fillNum(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// pageAnswers reads what the form on the page would send, the way a form
// post does, and turns it into answers as the server would.
func pageAnswers(t testing.TB, pg Page, def *worksheets.Definition) worksheets.Answers {
	t.Helper()
	pairs, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[[][2]string](
		`Array.from(new FormData(document.getElementById("fill-form"))).map(function (p) { return [p[0], String(p[1])]; })`))
	if err != nil {
		t.Fatalf("read the form: %v", err)
	}
	form := map[string][]string{}
	for _, p := range pairs {
		form[p[0]] = append(form[p[0]], p[1])
	}
	ans, errs := def.AnswersFromForm(form)
	if len(errs) > 0 {
		t.Fatalf("the form does not read back: %v", errs)
	}
	return ans
}

// sameAnswers compares answers as JSON sees them.
func sameAnswers(got, want any) error {
	g, _ := json.Marshal(got)
	w, _ := json.Marshal(want)
	var gv, wv any
	json.Unmarshal(g, &gv)
	json.Unmarshal(w, &wv)
	if !reflect.DeepEqual(gv, wv) {
		return fmt.Errorf("answers differ\n got: %s\nwant: %s", g, w)
	}
	return nil
}

func has(s, sub string) bool { return strings.Contains(s, sub) }
