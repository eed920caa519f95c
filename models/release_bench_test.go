package models_test

import (
	"context"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// BenchmarkReleaseDue: 200 weekly schedules come due at once; each round
// moves the clock a week and releases them all (one transaction each). It
// prints releases per second on each database:
//
//	go test ./models -run '^$' -bench ReleaseDue -benchtime 5x
func BenchmarkReleaseDue(b *testing.B) {
	for _, db := range testenv.Databases(b) {
		b.Run(db.Name, func(b *testing.B) {
			env := testenv.New(b, db)
			ctx := context.Background()
			p := env.NewPractitioner("Bench", false)
			name := "Sam K."
			c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
			if err != nil {
				b.Fatal(err)
			}
			const n = 200
			start := time.Date(2026, 11, 3, 0, 0, 0, 0, time.UTC)
			for i := 0; i < n; i++ {
				if _, err := env.Store.CreateSchedule(ctx, p.ID, c.ID, models.ScheduleInput{WorksheetKeys: []string{"support-map"},
					Every: models.EveryWeek, Weekday: 2, StartOn: &start, Count: 520}); err != nil {
					b.Fatal(err)
				}
			}
			env.Clock.Advance(24 * time.Hour)
			b.ResetTimer()
			released := 0
			for i := 0; i < b.N; i++ {
				rep, err := env.Store.ReleaseDue(ctx, env.Clock.Now())
				if err != nil {
					b.Fatal(err)
				}
				released += rep.Schedules
				env.Clock.Advance(7 * 24 * time.Hour)
			}
			b.StopTimer()
			if released != n*b.N {
				b.Fatalf("released %d, want %d", released, n*b.N)
			}
			b.ReportMetric(float64(released)/b.Elapsed().Seconds(), "releases/s")
		})
	}
}
