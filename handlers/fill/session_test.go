package fill_test

import (
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestFillSessionIdle: a client who keeps coming back to the form keeps
// their page (each visit counts as activity, however seldom it is
// written), one who stays away longer than TEND_FILL_IDLE finds it closed,
// and the link expiring closes the page at once.
func TestFillSessionIdle(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fc := newFill(t, db, "self-reliance-checkin")
			fc.mustOpen()
			idle := fc.env.Tend.Config.FillIdle
			for i := 0; i < 3; i++ {
				fc.env.Clock.Advance(idle - 2*time.Minute)
				resp, body := fc.get("/f/form")
				if resp.StatusCode != 200 || !strings.Contains(body, `id="fill-form"`) {
					t.Fatalf("visit %d, %v after the last: %d", i+1, idle-2*time.Minute, resp.StatusCode)
				}
			}
			fc.env.Clock.Advance(idle + time.Minute)
			resp, body := fc.get("/f/form")
			if resp.StatusCode != 404 || !strings.Contains(body, "This page has closed") {
				t.Fatalf("after %v away: %d", idle+time.Minute, resp.StatusCode)
			}

			fc = newFill(t, db, "self-reliance-checkin")
			fc.mustOpen()
			if err := fc.env.Store.DB().Model(&models.Assignment{}).Where("id = ?", fc.assignment).
				Update("link_expires_at", fc.env.Clock.Now().Add(-time.Second)).Error; err != nil {
				t.Fatal(err)
			}
			resp, body = fc.get("/f/form")
			if resp.StatusCode != 404 || !strings.Contains(body, "This page has closed") {
				t.Fatalf("after the link expired: %d", resp.StatusCode)
			}
		})
	}
}
