package models_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// assigned makes a practitioner, a client and an assignment; it returns the
// practitioner, the assignment id and the raw link token.
func assigned(t *testing.T, env *testenv.Env, key string) (*testenv.Practitioner, string, string) {
	t.Helper()
	ctx := context.Background()
	p := env.NewPractitioner("Store Tester", false)
	name := "Client"
	c, err := env.Store.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
	if err != nil {
		t.Fatal(err)
	}
	v, tok, err := env.Store.CreateAssignment(ctx, p.ID, models.NewAssignment{ClientID: c.ID, WorksheetKey: key}, models.LinkPolicy{TTL: 720 * 3600e9})
	if err != nil {
		t.Fatal(err)
	}
	return p, v.ID, tok
}

// TestDraftVersions: two tabs load version v and both save; exactly one
// wins and the other gets a conflict carrying the winner's answers (T-H2).
// A retry of a committed save (same save id; its answer was lost) gets
// the version and time it made, not a conflict, and changes nothing; any
// other save on the stale version still conflicts. When two tabs race on
// the very first save, 100 times, exactly one wins and the other's
// conflict carries the winner's version and answers, never version 0.
func TestDraftVersions(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			_, id, _ := assigned(t, env, "weekly-connection-checkin")
			v, _, err := env.Store.SaveDraft(ctx, id, 0, worksheets.Answers{"stress": 3.0})
			if err != nil || v != 1 {
				t.Fatalf("first save: %d %v", v, err)
			}
			races, overwrites := 50, 0
			for i := 0; i < races; i++ {
				base := v
				var wg sync.WaitGroup
				var wins, conflicts atomic.Int32
				for tab := 0; tab < 2; tab++ {
					wg.Add(1)
					go func(tab int) {
						defer wg.Done()
						_, _, err := env.Store.SaveDraft(ctx, id, base, worksheets.Answers{"stress": float64(tab), "race": float64(i)})
						var dc *models.DraftConflict
						switch {
						case err == nil:
							wins.Add(1)
						case errors.As(err, &dc):
							conflicts.Add(1)
							if dc.Version != base+1 || dc.Answers == nil {
								t.Errorf("conflict should carry the winner's draft, got v%d %v", dc.Version, dc.Answers)
							}
						default:
							t.Errorf("save: %v", err)
						}
					}(tab)
				}
				wg.Wait()
				if wins.Load() != 1 || conflicts.Load() != 1 {
					overwrites++
				}
				v = base + 1
			}
			if overwrites != 0 {
				t.Fatalf("%d of %d races did not end with exactly one winner and one 409", overwrites, races)
			}
			t.Logf("%s: %d lost-update races, 0 silent overwrites", db.Name, races)
			// A retry of a committed save (its answer was lost) and a race
			// on the very first save, each on an assignment of its own.
			t.Run("retry", func(t *testing.T) { draftRetry(t, env) })
			t.Run("first save race", func(t *testing.T) { firstSaveRace(t, env) })
		})
	}
}

// TestConcurrentWriters: many writers autosave many assignments at once;
// every acknowledged write is there afterwards and nothing fails with a
// busy database (T-H1).
func TestConcurrentWriters(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			const assignments, writers, saves = 5, 10, 20
			ids := make([]string, assignments)
			for i := range ids {
				_, ids[i], _ = assigned(t, env, "weekly-connection-checkin")
			}
			var acked, failed atomic.Int64
			// Per assignment, the newest acknowledged version and its
			// stamp: acknowledgements reach concurrent writers in any
			// order, so "last" is the highest version acknowledged, not the
			// acknowledgement that arrived last.
			var mu sync.Mutex
			newest := make([]struct{ version, stamp int64 }, assignments)
			var wg sync.WaitGroup
			for w := 0; w < writers; w++ {
				wg.Add(1)
				go func(w int) {
					defer wg.Done()
					a := w % assignments
					for s := 0; s < saves; s++ {
						for {
							cur, err := env.Store.FillAssignment(ctx, ids[a])
							if err != nil {
								failed.Add(1)
								return
							}
							stamp := int64(w*1000 + s)
							version, _, err := env.Store.SaveDraft(ctx, ids[a], cur.ResponseVersion, worksheets.Answers{"stamp": float64(stamp)})
							if errors.Is(err, models.ErrConflict) {
								continue // another writer won; reload and retry like the page does
							}
							if err != nil {
								t.Errorf("save: %v", err)
								failed.Add(1)
								return
							}
							acked.Add(1)
							mu.Lock()
							if n := &newest[a]; int64(version) > n.version {
								n.version, n.stamp = int64(version), stamp
							}
							mu.Unlock()
							break
						}
					}
				}(w)
			}
			wg.Wait()
			if failed.Load() > 0 {
				t.Fatalf("%d writes failed", failed.Load())
			}
			total := int64(0)
			for i, id := range ids {
				v, err := env.Store.FillAssignment(ctx, id)
				if err != nil {
					t.Fatal(err)
				}
				total += int64(v.ResponseVersion)
				// The newest acknowledged write of each assignment is what
				// is stored.
				if got, n := int64(v.Answers["stamp"].(float64)), newest[i]; int64(v.ResponseVersion) != n.version || got != n.stamp {
					t.Errorf("assignment %d: stored version %d stamp %d, newest acknowledged version %d stamp %d",
						i, v.ResponseVersion, got, n.version, n.stamp)
				}
			}
			if total != acked.Load() {
				t.Fatalf("acknowledged %d writes, versions add up to %d: writes were lost", acked.Load(), total)
			}
			t.Logf("%s: %d writers × %d saves over %d assignments: %d acknowledged, 0 lost, 0 failed", db.Name, writers, saves, assignments, acked.Load())
		})
	}
}

// TestSubmitOnce: parallel submits with one idempotency key make one
// submission; retries get the original time; a different key is refused (T-H3).
func TestSubmitOnce(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			ctx := context.Background()
			p, id, _ := assigned(t, env, "weekly-connection-checkin")
			sub := models.Submission{Answers: worksheets.Answers{"stress": 4.0}, IdempotencyKey: "key-1",
				Scores: []worksheets.ScaleScore{{Scale: "strain", Title: "Strain", Value: ptr(4)}},
				Flags:  []worksheets.RaisedFlag{{ID: "safety", Severity: "high", Message: "follow up"}}}
			var wg sync.WaitGroup
			var mu sync.Mutex
			times := map[string]int{}
			var refused atomic.Int32
			for i := 0; i < 20; i++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					at, _, err := env.Store.Submit(ctx, id, sub)
					if err != nil {
						refused.Add(1)
						return
					}
					mu.Lock()
					times[at.String()]++
					mu.Unlock()
				}()
			}
			wg.Wait()
			if len(times) != 1 || refused.Load() != 0 {
				t.Fatalf("20 parallel submits with one key: %d distinct times, %d refused", len(times), refused.Load())
			}
			if _, replay, err := env.Store.Submit(ctx, id, sub); err != nil || !replay {
				t.Fatalf("retry with the same key: replay=%v err=%v", replay, err)
			}
			sub.IdempotencyKey = "key-2"
			if _, _, err := env.Store.Submit(ctx, id, sub); !errors.Is(err, models.ErrSubmitted) {
				t.Fatalf("second submit with another key: want ErrSubmitted, got %v", err)
			}
			if _, _, err := env.Store.SaveDraft(ctx, id, 5, worksheets.Answers{}); !errors.Is(err, models.ErrSubmitted) {
				t.Fatalf("draft after submit: want ErrSubmitted, got %v", err)
			}
			v, err := env.Store.AssignmentByID(ctx, p.ID, id)
			if err != nil {
				t.Fatal(err)
			}
			if len(v.Scores) != 1 || len(v.Flags) != 1 || v.Status != models.StatusSubmitted || v.SubmittedAt == nil {
				t.Fatalf("one submission should store 1 score and 1 flag: %d scores, %d flags, %s", len(v.Scores), len(v.Flags), v.Status)
			}
			evs, _ := env.Store.AuditEvents(ctx, 100)
			n := 0
			for _, e := range evs {
				if e.Action == "assignment.submit" && e.ObjectID == id {
					n++
				}
			}
			if n != 1 {
				t.Fatalf("want exactly one submit audit event, got %d", n)
			}
		})
	}
}

func ptr(f float64) *float64 { return &f }

// TestNoPlaintextAtRest: answer text, notes and tokens never reach the
// SQLite file in the clear; a ciphertext moved to another row does not
// decrypt (T-F1, T-I2, T-I5).
func TestNoPlaintextAtRest(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	ctx := context.Background()
	p, id, tok := assigned(t, env, "weekly-connection-checkin")
	_, id2, _ := assigned(t, env, "weekly-connection-checkin")
	canary := "CANARY-PHI-" + strings.Repeat("x", 8)
	if _, _, err := env.Store.SaveDraft(ctx, id, 0, worksheets.Answers{"help_who": canary + " Tôi không muốn nhờ ai giúp đỡ"}); err != nil {
		t.Fatal(err)
	}
	v, _ := env.Store.AssignmentByID(ctx, p.ID, id)
	if _, err := env.Store.AddNote(ctx, p.ID, v.ClientID, id, "NOTE-"+canary); err != nil {
		t.Fatal(err)
	}
	sqlDB, _ := env.Store.DB().DB()
	sqlDB.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
	raw := readAll(t, env.SQLitePath)
	for _, secret := range []string{canary, "không muốn", tok, p.APIToken, strings.TrimPrefix(p.APIToken, "tnd_")} {
		if bytes.Contains(raw, []byte(secret)) {
			t.Errorf("the database file contains %q in the clear", secret[:12])
		}
	}
	// Move the first response's ciphertext onto the second assignment.
	var enc string
	env.Store.DB().Raw("SELECT answers_enc FROM responses WHERE assignment_id = ?", id).Scan(&enc)
	if err := env.Store.DB().Exec("INSERT INTO responses (assignment_id, answers_enc, version, saved_at, idempotency_key) VALUES (?, ?, 1, ?, '')", id2, enc, env.Clock.Now()).Error; err != nil {
		t.Fatal(err)
	}
	if _, err := env.Store.FillAssignment(ctx, id2); err == nil || !errors.Is(err, models.ErrDecrypt) {
		t.Fatalf("a ciphertext moved to another row must not decrypt, got %v", err)
	}
}

func readAll(t *testing.T, path string) []byte {
	t.Helper()
	var all []byte
	for _, f := range []string{path, path + "-wal"} {
		b, err := os.ReadFile(f)
		if err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	return all
}

// TestMigrateTwice: running the migrations again changes nothing.
func TestMigrateTwice(t *testing.T) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			env := testenv.New(t, db)
			before, err := models.SchemaVersion(env.Store.DB())
			if err != nil || before < 1 {
				t.Fatalf("schema version %d %v", before, err)
			}
			if err := models.Migrate(env.Store.DB()); err != nil {
				t.Fatal(err)
			}
			after, _ := models.SchemaVersion(env.Store.DB())
			if after != before {
				t.Fatalf("second migrate moved the version %d → %d", before, after)
			}
		})
	}
}

// TestKeyring: the last key writes; older keys still read; a wrong or
// short key refuses to start.
func TestKeyring(t *testing.T) {
	t.Parallel()
	k1, _ := models.NewKeyLine("k1")
	k2, _ := models.NewKeyLine("k2")
	old, err := models.ParseKeyring(k1)
	if err != nil {
		t.Fatal(err)
	}
	ct, _ := old.Encrypt([]byte("hello"), "row|1")
	both, err := models.ParseKeyring(k1 + "," + k2)
	if err != nil || both.ActiveKeyID() != "k2" {
		t.Fatalf("active key: %v %v", both, err)
	}
	if pt, err := both.Decrypt(ct, "row|1"); err != nil || string(pt) != "hello" {
		t.Fatalf("old key no longer decrypts: %v", err)
	}
	if _, err := both.Decrypt(ct, "row|2"); !errors.Is(err, models.ErrDecrypt) {
		t.Fatalf("wrong row must fail: %v", err)
	}
	for _, bad := range []string{"", "k1:c2hvcnQ=", "nocolon", "k1:!!!"} {
		if _, err := models.ParseKeyring(bad); err == nil {
			t.Errorf("keyring %q accepted", bad)
		}
	}
	seen := map[string]bool{}
	for i := 0; i < 10000; i++ {
		c, _ := both.Encrypt([]byte("same"), "row|1")
		if seen[c] {
			t.Fatal("two encryptions of the same text gave the same ciphertext (nonce reuse)")
		}
		seen[c] = true
	}
}

// TestPasswords: no truncation, exact comparison, length rules.
func TestPasswords(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 100)
	h, _ := models.HashPassword(long + "1")
	if models.VerifyPassword(long+"2", h) {
		t.Fatal("passwords sharing the first 100 bytes both verify: truncation")
	}
	h2, _ := models.HashPassword("Grüße aus Köln 🌧")
	if !models.VerifyPassword("Grüße aus Köln 🌧", h2) || models.VerifyPassword("grüße aus köln 🌧", h2) || models.VerifyPassword("Grüße aus Köln 🌧 ", h2) {
		t.Fatal("comparison must be exact (no case folding, no trimming)")
	}
	strong := "Tidal quince orbits 47 velvet lanterns near Ostrava"
	for pw, ok := range map[string]bool{"short": false, "123456789": false, "ten chars!": true,
		strong + strings.Repeat("z", 256-len(strong)): true, strong + strings.Repeat("z", 257-len(strong)): false,
		// Common or easy to guess (issue 13): refused, whatever their length.
		"1234567890": false, "password12": false, "aaaaaaaaaa": false, "qwertyuiop": false, strings.Repeat("x", 256): false} {
		if got := models.CheckPassword(pw) == ""; got != ok {
			t.Errorf("CheckPassword(len %d) ok=%v, want %v", len(pw), got, ok)
		}
	}
}
