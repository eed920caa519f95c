package models_test

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// TestReleaseKilledMidway: a process killed with SIGKILL inside a release's
// transaction (its assignments made, not yet committed) leaves nothing
// behind; the next run releases the occurrence exactly once.
func TestReleaseKilledMidway(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			_, clientID, sc := scheduled(t, env)
			at := time.Date(2027, 2, 15, 8, 0, 0, 0, time.UTC)
			advanceTo(env, at)

			cmd, lines := startChild(t, env, "TestReleaseCrashChild", "TEND_TEST_CRASH_CHILD=1", "TEND_TEST_CRASH_AT="+at.Format(time.RFC3339))
			inside := false
			for lines.Scan() {
				if strings.Contains(lines.Text(), "IN-RELEASE") {
					inside = true
					break
				}
			}
			if !inside {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatal("the child never reached the release")
			}
			if err := cmd.Process.Kill(); err != nil { // SIGKILL
				t.Fatal(err)
			}
			cmd.Wait()

			if rs := releases(t, env, sc.ID); len(rs) != 0 {
				t.Fatalf("a killed release left %d release rows", len(rs))
			}
			if n := countAssignments(t, env, clientID); n != 0 {
				t.Fatalf("a killed release left %d assignments", n)
			}
			for i := 0; i < 3; i++ {
				if _, err := env.Store.ReleaseDue(context.Background(), env.Clock.Now()); err != nil {
					t.Fatal(err)
				}
			}
			if rs := releases(t, env, sc.ID); len(rs) != 1 || rs[0].Occurrence != 1 {
				t.Fatalf("after the crash: %+v", rs)
			}
			if n := countAssignments(t, env, clientID); n != 2 {
				t.Fatalf("after the crash: %d assignments, want 2", n)
			}
		})
	}
}

// startChild starts this test binary running only the test named run, on
// env's database and keys, with vars added to its environment, and returns
// it and its standard output line by line (its errors go to ours).
func startChild(t *testing.T, env *testenv.Env, run string, vars ...string) (*exec.Cmd, *bufio.Scanner) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1")
	cmd.Env = append(append(os.Environ(), "TEND_DATABASE_URL="+env.Tend.Config.DatabaseURL,
		"TEND_ENCRYPTION_KEY="+env.Tend.Config.Keys), vars...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	return cmd, bufio.NewScanner(out)
}

// childStore opens, in a process startChild started, the store of the
// database and keys it was given.
func childStore(t *testing.T, opts app.Options) *models.Store {
	t.Helper()
	cfg, err := config.Load(os.Getenv)
	if err != nil {
		t.Fatal(err)
	}
	store, err := app.OpenStore(cfg, opts, nil)
	if err != nil {
		t.Fatal(err)
	}
	return store
}

// TestReleaseCrashChild is the process TestReleaseKilledMidway kills: it
// releases what is due and stops inside the transaction.
func TestReleaseCrashChild(t *testing.T) {
	if os.Getenv("TEND_TEST_CRASH_CHILD") == "" {
		t.Skip("helper process for TestReleaseKilledMidway")
	}
	at, _ := time.Parse(time.RFC3339, os.Getenv("TEND_TEST_CRASH_AT"))
	store := childStore(t, app.Options{Now: func() time.Time { return at }})
	models.SetReleaseHook(store, func() {
		fmt.Println("IN-RELEASE")
		os.Stdout.Sync()
		time.Sleep(time.Hour)
	})
	store.ReleaseDue(context.Background(), at)
}
