package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestFillCrisisHelpAtOnce: with JavaScript the crisis help appears next
// to the safety question the moment "yes" is chosen (before any save), with
// tel: links, and goes again when the answer changes; a high loneliness
// rating (a medium flag) brings no crisis help.
func TestFillCrisisHelpAtOnce(t *testing.T) {
	NeedBrowser(t)
	t.Parallel()
	_, _, pg := openForm(t, "weekly-connection-checkin")
	shown := func() bool {
		v, err := chromedp.Run(pg.Ctx, chromedp.Evaluate[bool](`(() => { const p = document.getElementById("q-harm_thoughts-crisis"); return !!p && !p.hidden && p.offsetHeight > 0; })()`))
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	wait := func(want bool) {
		t.Helper()
		Eventually(t, 3*time.Second, func() error {
			if shown() != want {
				return fmt.Errorf("crisis help shown = %v, want %v", !want, want)
			}
			return nil
		})
	}
	if shown() {
		t.Fatal("crisis help shows before any answer")
	}
	pg.Do("loneliness 10", chromedp.Focus(chromedp.CSS("#q-loneliness")))
	pg.Keys("#q-loneliness", kb.End)
	time.Sleep(300 * time.Millisecond)
	if shown() {
		t.Fatal("a medium flag's answer brought crisis help")
	}
	pg.Do("yes", chromedp.Click(chromedp.CSS("#q-harm_thoughts-0")))
	wait(true)
	if tel := pg.Text("#q-harm_thoughts-crisis a[href='tel:112']"); tel != "112" {
		t.Fatalf("tel: link %q", tel)
	}
	pg.Do("no", chromedp.Click(chromedp.CSS("#q-harm_thoughts-1")))
	wait(false)
}
