package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"time"

	"github.com/chromedp/cdproto/network"
	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// chromiumPath is Debian's chromium, which CI installs for the browser
// tests.
const chromiumPath = "/usr/bin/chromium"

// chromiumIssue is the assignment PDF's ceiling when no Chromium is here:
// warm headless Chromium printing the same document, measured for issue
// 15 on another day (104 ms; cold 770 ms).
const chromiumIssue = 104.0

// chromiumCeiling measures, in this run, the ceiling for the assignment
// PDF: a warm headless Chromium (started once, one tab) loading the
// practitioner's page of the same assignment and printing it to PDF on A4, per
// request. Only latency counts: Chromium's CPU is not this process's. It
// returns ok false when there is no Chromium.
func chromiumCeiling(ctx context.Context, base, session, assignmentID string, o options) (f figure, ok bool, err error) {
	if _, err := os.Stat(chromiumPath); err != nil {
		return figure{}, false, nil
	}
	dir, err := os.MkdirTemp("", "tend-bench-chromium-")
	if err != nil {
		return figure{}, false, err
	}
	defer os.RemoveAll(dir)
	actx, cancel := chromedp.NewExecAllocator(ctx, chromedp.ExecPath(chromiumPath), chromedp.UserDataDir(dir),
		chromedp.Flag("headless", true), chromedp.Flag("no-sandbox", true), chromedp.Flag("disable-gpu", true),
		chromedp.Flag("no-first-run", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true))
	defer cancel()
	bctx, cancelTab := chromedp.NewContext(actx)
	defer cancelTab()
	u, err := url.Parse(base)
	if err != nil {
		return figure{}, false, err
	}
	page := base + "/assignments/" + assignmentID
	printOnce := func(int) error {
		tctx, cancel := context.WithTimeout(bctx, 30*time.Second)
		defer cancel()
		if _, err := chromedp.Run(tctx, chromedp.Navigate(page)); err != nil {
			return err
		}
		_, err := chromedp.Call(tctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69})
		return err
	}
	_, err = chromedp.Call(bctx, network.SetCookie, network.SetCookieParams{Name: "tend_session", Value: session, Domain: u.Hostname(), Path: "/"})
	if err == nil {
		err = printOnce(0) // warm: the browser started and the page's files cached
	}
	if err != nil {
		return figure{}, false, fmt.Errorf("chromium ceiling: %w", err)
	}
	f, err = measure(o.rounds, o.n/10, printOnce)
	return f, err == nil, err
}
