// Command bench measures Tend against ceilings in the same run, on the
// machine it runs on: a real Tend (app.New, a loopback listener) over a
// fresh database seeded with a practitioner's history, driven over HTTP.
// It prints every figure beside its ceiling or goal and the ratio, and
// writes them as a Markdown table (docs/performance.md by default), one
// row per goal of issue 15 with whether it is met: the lists at the
// largest size against the smallest, the form page and autosave CPU
// against their ceilings, both PDFs, autosaves while Today reloads, peak
// memory while serving (measured from the end of seeding) and a restart on
// the seeded database (the first start, migrating an empty one, beside it).
//
//	go run ./bench            # 1k and 100k assignments (a few minutes)
//	go run ./bench -quick     # 1k and 20k, fewer rounds (what CI prints)
//
// SQLite always; PostgreSQL too when TEND_TEST_POSTGRES_URL is set (a
// schema of its own, dropped at the end). Nothing is asserted: goals are
// for reading. It is a tool: nothing in Tend imports it.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"
)

type options struct {
	sizes  []int
	rounds int           // rounds per figure; the median round is kept
	n      int           // requests per round
	load   time.Duration // each run of the concurrent autosave load
	out    string
}

func main() {
	quick := flag.Bool("quick", false, "smaller sizes and fewer rounds (CI)")
	sizes := flag.String("sizes", "", "assignment counts to compare, e.g. 1000,100000")
	out := flag.String("out", "docs/performance.md", "Markdown file to write ('' for none)")
	flag.Parse()
	o := options{sizes: []int{1000, 100000}, rounds: 5, n: 200, load: 5 * time.Second, out: *out}
	if *quick {
		o = options{sizes: []int{1000, 20000}, rounds: 3, n: 60, load: 2 * time.Second, out: *out}
	}
	if *sizes != "" {
		o.sizes = nil
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n < 100 {
				log.Fatalf("-sizes: %q is not a count of at least 100", s)
			}
			o.sizes = append(o.sizes, n)
		}
	}
	dbs := []string{"sqlite"}
	if os.Getenv("TEND_TEST_POSTGRES_URL") != "" {
		dbs = append(dbs, "postgres")
	} else {
		fmt.Println("TEND_TEST_POSTGRES_URL is not set: PostgreSQL is not measured")
	}
	ctx := context.Background()
	rep := &report{started: time.Now(), opts: o}
	rep.ceilings(o)
	defer rep.stopCeilings()
	for _, db := range dbs {
		if err := runDB(ctx, rep, db, o); err != nil {
			log.Fatalf("%s: %v", db, err)
		}
	}
	rep.print(os.Stdout)
	if o.out != "" {
		f, err := os.Create(o.out)
		if err != nil {
			log.Fatal(err)
		}
		rep.markdown(f)
		if err := f.Close(); err != nil {
			log.Fatal(err)
		}
		fmt.Println("wrote", o.out)
	}
}

// runDB measures one database: the lists at every size, and everything
// else at the largest.
func runDB(ctx context.Context, rep *report, db string, o options) error {
	var lists []map[string]figure
	for i, size := range o.sizes {
		fmt.Printf("%s: seeding %d assignments…\n", db, size)
		t, err := start(ctx, db)
		if err != nil {
			return err
		}
		seedAt := time.Now()
		p, err := seed(ctx, t, size)
		if err != nil {
			t.close()
			return err
		}
		rep.note(fmt.Sprintf("%s: seeded %d assignments in %s", db, size, time.Since(seedAt).Round(time.Millisecond)))
		lists = append(lists, measureLists(t, p, o))
		if i == len(o.sizes)-1 {
			// Memory is measured from here: seeding's peak is the harness's.
			_, seeded := rss()
			rep.note(fmt.Sprintf("%s: peak resident memory until seeded (bulk inserts included), not counted in the goal: %d MiB", db, seeded))
			resetPeak()
			if err := measureClient(ctx, rep, t, p, db, size, o); err != nil {
				t.close()
				return err
			}
		}
		t.close()
	}
	small, large := lists[0], lists[len(lists)-1]
	for _, name := range listNames {
		rep.add(row{what: fmt.Sprintf("%s, %d vs %d assignments (%s)", name, o.sizes[len(o.sizes)-1], o.sizes[0], db),
			tend: large[name].String(), ceiling: small[name].String(), ratio: large[name].ms / small[name].ms, goal: "≤ 1.5×", lower: true})
	}
	return nil
}

// resetPeak returns garbage to the OS and restarts the kernel's count of
// peak resident memory (VmHWM; Linux: clear_refs 5), so rss's peak is of
// what runs from now on.
func resetPeak() {
	runtime.GC()
	debug.FreeOSMemory()
	os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}

// rss is the process's resident memory now and at its peak, in MiB.
func rss() (now, peak int) {
	b, _ := os.ReadFile("/proc/self/status")
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) < 2 {
			continue
		}
		kb, _ := strconv.Atoi(f[1])
		switch f[0] {
		case "VmRSS:":
			now = kb / 1024
		case "VmHWM:":
			peak = kb / 1024
		}
	}
	return now, peak
}

func machine() string {
	return fmt.Sprintf("%d CPUs, %s/%s, %s", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH, runtime.Version())
}
