package fill_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
)

// TestCopyGoneAfterWindow: after sending, the link shows the client's copy
// for TEND_ANSWERS_VISIBLE_FOR (72h by default); after that the pages and
// the client API say only when the answers were sent.
func TestCopyGoneAfterWindow(t *testing.T) {
	eachDB(t, func(t *testing.T, db testenv.DB) {
		fc := newSubmitted(t, db)
		_, done := fc.get("/f/done")
		if !strings.Contains(done, `href="/f/answers"`) || !strings.Contains(text(done), "your link shows this copy until") {
			t.Fatalf("the thank-you page does not offer the copy and say until when:\n%s", done)
		}
		// Each time, the client comes back with their link (the fill
		// session itself ends after an hour).
		fc.env.Clock.Advance(71 * time.Hour)
		fc.open()
		if _, body := fc.get("/f/answers"); !strings.Contains(body, "walked by the river") {
			t.Fatalf("the copy is gone before 72h:\n%s", body)
		}
		fc.env.Clock.Advance(time.Hour)
		fc.open()
		_, copyPage := fc.get("/f/answers")
		_, start := fc.get("/f")
		_, api := fc.api("GET", "/api/v1/fill", nil)
		for name, page := range map[string]string{"answers": copyPage, "start": start, "api": api} {
			if strings.Contains(page, "walked by the river") {
				t.Errorf("%s still shows the answers after 72h", name)
			}
		}
		if !strings.Contains(copyPage, `id="copy-gone"`) || !strings.Contains(text(copyPage), "You sent your answers on Monday 2 November 2026") {
			t.Errorf("the expired copy does not say when it was sent:\n%s", copyPage)
		}
		if strings.Contains(start, `href="/f/answers"`) || !strings.Contains(text(start), "You sent your answers on") {
			t.Errorf("the start page still offers the copy or lacks the date:\n%s", start)
		}
		if !strings.Contains(api, `"submitted_at"`) {
			t.Errorf("the client API lost the sent date: %s", api)
		}
	})
}
