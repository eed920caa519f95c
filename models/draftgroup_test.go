package models_test

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestDraftsKilledMidway: a process saving drafts from 12 clients at once
// (on SQLite, grouped into shared commits) is killed with SIGKILL; every
// save it acknowledged is stored, and what is stored is exactly the save
// of the stored version (a save committed but not yet acknowledged may be
// there too; nothing half-written).
func TestDraftsKilledMidway(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			ids := checkIns(t, env, 12)
			for _, id := range ids {
				if _, _, err := env.Store.SaveDraft(ctx, id, 0, noteAnswers(1)); err != nil {
					t.Fatal(err)
				}
			}

			cmd, lines := startChild(t, env, "TestDraftsCrashChild", "TEND_TEST_DRAFT_CHILD=1", "TEND_TEST_DRAFT_IDS="+strings.Join(ids, ","))
			acked := map[string]int{}
			n, killed := 0, false
			for lines.Scan() {
				f := strings.Fields(lines.Text())
				if len(f) != 3 || f[0] != "ACK" {
					continue
				}
				v, _ := strconv.Atoi(f[2])
				acked[f[1]] = max(acked[f[1]], v)
				if n++; n == 600 && !killed {
					if err := cmd.Process.Kill(); err != nil { // SIGKILL
						t.Fatal(err)
					}
					killed = true // the pipe still holds what was written before
				}
			}
			cmd.Wait()
			if !killed {
				t.Fatalf("the child stopped after %d saves", n)
			}
			for _, id := range ids {
				v, err := env.Store.FillAssignment(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				if v.ResponseVersion < acked[id] {
					t.Errorf("acknowledged version %d, stored %d: an acknowledged save was lost", acked[id], v.ResponseVersion)
				}
				if got, want := v.Answers["week_notes"], fmt.Sprintf("save %d", v.ResponseVersion); got != want {
					t.Errorf("version %d holds %q, want %q", v.ResponseVersion, got, want)
				}
			}
			t.Logf("%d saves acknowledged before the kill", n)
		})
	}
}

// checkIns gives one client of a new practitioner n weekly check-ins with
// month-long links and returns their ids.
func checkIns(t *testing.T, env *testenv.Env, n int) []string {
	t.Helper()
	ctx := context.Background()
	p := env.NewPractitioner("Practitioner", false)
	name := "Client"
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]string, n)
	for i := range ids {
		a, _, err := env.Store.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: "weekly-connection-checkin"},
			models.LinkPolicy{TTL: 720 * time.Hour})
		if err != nil {
			t.Fatal(err)
		}
		ids[i] = a.ID
	}
	return ids
}

func noteAnswers(version int) worksheets.Answers {
	return worksheets.Answers{"stress": 3.0, "week_notes": fmt.Sprintf("save %d", version)}
}

// TestDraftsCrashChild is the process TestDraftsKilledMidway kills: one
// goroutine per assignment saves drafts as fast as it can and prints each
// acknowledged version.
func TestDraftsCrashChild(t *testing.T) {
	if os.Getenv("TEND_TEST_DRAFT_CHILD") == "" {
		t.Skip("helper process for TestDraftsKilledMidway")
	}
	store := childStore(t, app.Options{})
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, id := range strings.Split(os.Getenv("TEND_TEST_DRAFT_IDS"), ",") {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for v := 1; ; {
				nv, _, err := store.SaveDraft(context.Background(), id, v, noteAnswers(v+1))
				if err != nil {
					fmt.Fprintln(os.Stderr, "save:", err)
					return
				}
				mu.Lock()
				fmt.Fprintf(os.Stdout, "ACK %s %d\n", id, nv) // unbuffered: one write each
				mu.Unlock()
				v = nv
			}
		}()
	}
	wg.Wait()
}
