package web_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// BenchmarkTodayPage serves GET / (Today) to a signed-in practitioner over
// loopback, as the bench harness reloads it while clients autosave (go run
// ./bench), on a history seeded like the harness's (seedToday). Compare
// cpu-ms/op (this process's CPU, client and server, per page), not wall
// time; profile it with -cpuprofile.
func BenchmarkTodayPage(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		for _, size := range []int{1000, 20000} {
			b.Run(fmt.Sprintf("%s/%d", db.Name, size), func(b *testing.B) {
				env := testenv.New(b, db)
				p := env.NewPractitioner("Bench Today", false)
				seedToday(b, env, p.ID, size)
				base := env.Serve()
				req, _ := http.NewRequest("GET", base+"/", nil)
				req.Header.Set("Cookie", "tend_session="+p.Web().Cookie("tend_session"))
				hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
				get := func() int64 {
					resp, err := hc.Do(req)
					if err != nil {
						b.Fatal(err)
					}
					body, _ := io.ReadAll(resp.Body)
					resp.Body.Close()
					if resp.StatusCode != 200 || !strings.Contains(string(body), "Overdue") {
						b.Fatalf("today: %d", resp.StatusCode)
					}
					return int64(len(body))
				}
				b.SetBytes(get())
				b.ReportAllocs()
				b.ResetTimer()
				cpu0 := testenv.ProcessCPU()
				for i := 0; i < b.N; i++ {
					get()
				}
				b.ReportMetric(float64(testenv.ProcessCPU()-cpu0)/1e6/float64(b.N), "cpu-ms/op")
			})
		}
	}
}

// seedToday gives pid size assignments over 60 clients in the shape of
// the bench harness's seed (bench/tend.go): the newest 1,000 are the same
// at every size (due dates around today, one in 20 submitted, assigned, in
// progress or cancelled, one in 100 flagged, the newest 500 flags not yet
// acknowledged); older ones are history.
func seedToday(b *testing.B, env *testenv.Env, pid string, size int) {
	const present, nClients = 1000, 60
	s, ctx := env.Store, context.Background()
	ws, err := s.LatestWorksheet(ctx, pid, "weekly-connection-checkin")
	if err != nil {
		b.Fatal(err)
	}
	now := s.Now()
	today := now.Truncate(24 * time.Hour)
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	clients := make([]models.Client, nClients)
	for i := range clients {
		clients[i] = models.Client{ID: id(), PractitionerID: pid, DisplayName: fmt.Sprintf("Client %d", i), CreatedAt: now, UpdatedAt: now}
	}
	as := make([]models.Assignment, 0, size)
	var flags []models.Flag
	for i := 0; i < size; i++ {
		age := size - 1 - i
		k := present - 1 - age
		st := models.StatusReviewed
		switch (k + 20*size) % 20 {
		case 1:
			st = models.StatusSubmitted
		case 2:
			st = models.StatusAssigned
		case 3:
			st = models.StatusInProgress
		case 4:
			st = models.StatusCancelled
		}
		at := now.Add(-time.Duration(age+1) * 10 * time.Minute)
		due := at.Truncate(24 * time.Hour)
		if k >= 0 {
			due = today.AddDate(0, 0, k%365-300)
		}
		a := models.Assignment{ID: id(), PractitionerID: pid, ClientID: clients[(k%nClients+nClients)%nClients].ID, WorksheetVersionID: ws.ID,
			WorksheetKey: ws.Key, Status: st, DueOn: &due, LinkExpiresAt: at.Add(30 * 24 * time.Hour), CreatedAt: at, UpdatedAt: at}
		if st == models.StatusSubmitted || st == models.StatusReviewed {
			a.SubmittedAt = &at
		}
		as = append(as, a)
		if (k+100*size)%100 == 0 {
			f := models.Flag{ID: id(), AssignmentID: a.ID, PractitionerID: pid, Rule: "lonely_high", Severity: "medium",
				Message: "Lonely this week.", Source: models.FlagSourceSubmitted, CreatedAt: at}
			if age >= 500 {
				f.AcknowledgedAt = &at
			}
			flags = append(flags, f)
		}
	}
	for _, rows := range []any{clients, as, flags} {
		if err := s.SealRows(rows); err != nil {
			b.Fatal(err)
		}
	}
	err = s.DB().WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		for _, rows := range []any{clients, as, flags} {
			if err := tx.CreateInBatches(rows, 500).Error; err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	if !models.IsSQLite(s.DB()) {
		if err := s.DB().Exec("VACUUM ANALYZE assignments, flags, clients").Error; err != nil {
			b.Fatal(err)
		}
	}
}
