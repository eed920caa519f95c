package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"sort"
	"sync"
	"syscall"
	"time"
)

// figure is one measured request: median latency and CPU per request
// (of this whole process: server and client, as for the ceilings).
type figure struct {
	ms, cpuMs float64
	p99       float64
}

func (f figure) String() string {
	return fmt.Sprintf("%.2f ms (CPU %.2f ms)", f.ms, f.cpuMs)
}

// mean is the figure between a and b (a ceiling measured before and after).
func mean(a, b figure) figure {
	return figure{ms: (a.ms + b.ms) / 2, cpuMs: (a.cpuMs + b.cpuMs) / 2, p99: max(a.p99, b.p99)}
}

// cpu is the process's user+system CPU time so far.
func cpu() time.Duration {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// measure runs do n times per round, rounds times, sequentially, and keeps
// the round with the median latency.
func measure(rounds, n int, do func(i int) error) (figure, error) {
	var figs []figure
	k := 0
	for r := 0; r < rounds; r++ {
		lat := make([]float64, 0, n)
		c0 := cpu()
		for i := 0; i < n; i++ {
			t0 := time.Now()
			if err := do(k); err != nil {
				return figure{}, err
			}
			k++
			lat = append(lat, float64(time.Since(t0).Microseconds())/1000)
		}
		c := float64((cpu() - c0).Microseconds()) / 1000 / float64(n)
		sort.Float64s(lat)
		figs = append(figs, figure{ms: lat[len(lat)/2], cpuMs: c, p99: lat[len(lat)*99/100]})
	}
	sort.Slice(figs, func(i, j int) bool { return figs[i].ms < figs[j].ms })
	return figs[len(figs)/2], nil
}

// client is an HTTP client that keeps connections and never follows
// redirects (a 303 is an answer here).
var client = &http.Client{
	Transport:     &http.Transport{MaxIdleConnsPerHost: 64},
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	Timeout:       60 * time.Second,
}

// call sends one request and checks its status; it returns the response
// (body read) for the headers.
func call(method, url string, body []byte, want int, headers ...string) (*http.Response, []byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return nil, nil, err
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	b, err := readBody(resp)
	resp.Body.Close()
	if err != nil {
		return nil, nil, err
	}
	if resp.StatusCode != want {
		if len(b) > 300 {
			b = b[:300]
		}
		return nil, nil, fmt.Errorf("%s %s: status %d, want %d: %s", method, url, resp.StatusCode, want, b)
	}
	return resp, b, nil
}

// readBody reads a response's body into one buffer of its announced
// length (io.ReadAll grows from 512 bytes, allocating about twice a
// page's size: load that a real client, on another machine, never puts
// on the server's CPUs).
func readBody(resp *http.Response) ([]byte, error) {
	if n := resp.ContentLength; n >= 0 && n < 1<<26 {
		b := make([]byte, n)
		_, err := io.ReadFull(resp.Body, b)
		return b, err
	}
	return io.ReadAll(resp.Body)
}

// listNames are the practitioner's lists compared across sizes.
var listNames = []string{"Today page", "API assignments?status=submitted", "API assignments (all)", "API clients"}

// measureLists times each practitioner list; an error is reported and the
// figure left empty.
func measureLists(t *tendRun, p *practice, o options) map[string]figure {
	cookie := []string{"Cookie", "tend_session=" + p.session}
	bearer := []string{"Authorization", "Bearer " + p.apiToken}
	paths := map[string]struct {
		path string
		auth []string
	}{
		"Today page":                       {"/", cookie},
		"API assignments?status=submitted": {"/api/v1/assignments?status=submitted", bearer},
		"API assignments (all)":            {"/api/v1/assignments", bearer},
		"API clients":                      {"/api/v1/clients", bearer},
	}
	out := map[string]figure{}
	for _, name := range listNames {
		pp := paths[name]
		f, err := measure(o.rounds, o.n, func(int) error {
			_, _, err := call("GET", t.base+pp.path, nil, 200, pp.auth...)
			return err
		})
		if err != nil {
			fmt.Println(name+":", err)
		}
		out[name] = f
	}
	return out
}

// load runs workers doing do for d, and returns requests per second and
// the p99 latency in ms; errors are counted.
func load(workers int, d time.Duration, do func(w, i int) error) (rps, p99 float64, errs int) {
	var mu sync.Mutex
	var lat []float64
	var wg sync.WaitGroup
	end := time.Now().Add(d)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			var mine []float64
			bad := 0
			for i := 0; time.Now().Before(end); i++ {
				t0 := time.Now()
				if err := do(w, i); err != nil {
					bad++
					continue
				}
				mine = append(mine, float64(time.Since(t0).Microseconds())/1000)
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			mu.Unlock()
		}(w)
	}
	wg.Wait()
	if len(lat) == 0 {
		return 0, 0, errs
	}
	sort.Float64s(lat)
	return float64(len(lat)) / d.Seconds(), lat[len(lat)*99/100], errs
}
