package app_test

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/tend-health/tend/app"
	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

const (
	missingLine  = "is missing, and this database was written with a key: restore the file from the backup kept apart from the database"
	mismatchLine = "does not match the one this database was written with"
)

// keyCfg is the default config on dbURL with the key file keyFile.
func keyCfg(t *testing.T, dbURL, keyFile string) config.Config {
	t.Helper()
	cfg, err := config.Load(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	cfg.DatabaseURL, cfg.KeyFile = dbURL, keyFile
	return cfg
}

// open starts the store as the binary does; the test closes it at the end.
func open(t *testing.T, cfg config.Config) (*models.Store, error) {
	t.Helper()
	s, err := app.OpenStore(cfg, app.Options{}, nil)
	if err == nil {
		t.Cleanup(func() { s.Close() })
	}
	return s, err
}

func mustOpen(t *testing.T, cfg config.Config) *models.Store {
	t.Helper()
	s, err := open(t, cfg)
	if err != nil {
		t.Fatalf("start: %v", err)
	}
	return s
}

// writeNotes stores an encrypted note on a new client and returns a check
// that reads it back through another store.
func writeNotes(t *testing.T, s *models.Store) func(*models.Store) {
	t.Helper()
	ctx := context.Background()
	p, err := s.CreatePractitioner(ctx, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "a long enough passphrase", Role: models.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	name, notes := "Sam K.", "sleeps badly since the move"
	c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name, Notes: &notes})
	if err != nil {
		t.Fatal(err)
	}
	return func(s *models.Store) {
		t.Helper()
		got, err := s.ClientByID(ctx, p.ID, c.ID)
		if err != nil || got.Notes != notes {
			t.Fatalf("notes written before do not read back: %v %q", err, got.Notes)
		}
	}
}

// onEachDB runs fn in parallel on each test database with a fresh database
// URL and a key file path in a fresh directory.
func onEachDB(t *testing.T, fn func(t *testing.T, db testenv.DB, url, keyFile string)) {
	t.Parallel()
	for _, db := range testenv.Databases(t) {
		t.Run(db.Name, func(t *testing.T) {
			t.Parallel()
			fn(t, db, testenv.FreshURL(t, db), filepath.Join(t.TempDir(), "tend.key"))
		})
	}
}

// writtenWith starts on url with keyFile, writes notes and stops; it
// returns writeNotes' check.
func writtenWith(t *testing.T, url, keyFile string) func(*models.Store) {
	t.Helper()
	s := mustOpen(t, keyCfg(t, url, keyFile))
	readBack := writeNotes(t, s)
	s.Close()
	return readBack
}

// fingerprints lists the recorded key ids and fingerprints, read directly.
func fingerprints(t *testing.T, dbURL string) map[string]string {
	t.Helper()
	db, err := models.Open(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	defer func() {
		if s, err := db.DB(); err == nil {
			s.Close()
		}
	}()
	var rows []models.KeyFingerprint
	if err := db.Find(&rows).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, r := range rows {
		out[r.KeyID] = r.Fingerprint
	}
	return out
}

func newKeyLine(t *testing.T, id string) string {
	t.Helper()
	if id == "" {
		var err error
		if id, err = models.NewKeyID(); err != nil {
			t.Fatal(err)
		}
	}
	line, err := models.NewKeyLine(id)
	if err != nil {
		t.Fatal(err)
	}
	return line
}

var randomID = regexp.MustCompile(`^[0-9a-f]{16}$`)

// TestNewDatabaseGetsRandomKey (c): a new database gets a key file (0600)
// holding one key with a random id, and the database records its
// fingerprint, which is not the key.
func TestNewDatabaseGetsRandomKey(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, _ string) {
		ids := map[string]bool{}
		for _, url := range []string{url, testenv.FreshURL(t, db)} {
			keyFile := filepath.Join(t.TempDir(), "keys", "tend.key")
			mustOpen(t, keyCfg(t, url, keyFile))
			st, err := os.Stat(keyFile)
			if err != nil || st.Mode().Perm() != 0o600 {
				t.Fatalf("key file: %v %v", err, st)
			}
			data, _ := os.ReadFile(keyFile)
			c, err := models.ReadKeyFile(keyFile)
			if err != nil || !randomID.MatchString(c.ActiveKeyID()) {
				t.Fatalf("key id %q should be 16 random hex digits: %v", c.ActiveKeyID(), err)
			}
			ids[c.ActiveKeyID()] = true
			fps := fingerprints(t, url)
			fp, ok := fps[c.ActiveKeyID()]
			if len(fps) != 1 || !ok || len(fp) != 64 {
				t.Fatalf("recorded fingerprints %v, want one for %s", fps, c.ActiveKeyID())
			}
			key := strings.TrimSpace(strings.SplitN(strings.Split(string(data), "\n")[1], ":", 2)[1])
			if strings.Contains(fp, key) {
				t.Fatal("the database recorded the key itself")
			}
		}
		if len(ids) != 2 {
			t.Fatalf("two new databases got the same key id: %v", ids)
		}
	})
}

// TestMissingKeyFileStopsStart (a): on a database that was written with a
// key, a missing key file stops the start with one line naming the file,
// and no new key file is made.
func TestMissingKeyFileStopsStart(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, keyFile string) {
		readBack := writtenWith(t, url, keyFile)
		saved, _ := os.ReadFile(keyFile)
		os.Remove(keyFile)

		_, err := open(t, keyCfg(t, url, keyFile))
		if err == nil || !strings.Contains(err.Error(), keyFile+" (TEND_ENCRYPTION_KEY_FILE) "+missingLine) || strings.Contains(err.Error(), "\n") {
			t.Fatalf("start without the key file: %v", err)
		}
		if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
			t.Fatalf("a new key file was made: %v", err)
		}
		os.WriteFile(keyFile, saved, 0o600)
		readBack(mustOpen(t, keyCfg(t, url, keyFile)))
	})
}

// TestWrongKeyStopsStart (b): another random key, or another key under the
// recorded id, stops the start with the mismatch line and changes nothing;
// the right key still reads everything afterwards.
func TestWrongKeyStopsStart(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, keyFile string) {
		readBack := writtenWith(t, url, keyFile)
		saved, _ := os.ReadFile(keyFile)
		right, _ := models.ReadKeyFile(keyFile)
		before := fingerprints(t, url)
		for _, wrong := range []string{newKeyLine(t, ""), newKeyLine(t, right.ActiveKeyID())} {
			os.WriteFile(keyFile, []byte(wrong+"\n"), 0o600)
			_, err := open(t, keyCfg(t, url, keyFile))
			if err == nil || !strings.Contains(err.Error(), mismatchLine) || !strings.Contains(err.Error(), keyFile) {
				t.Fatalf("start with a wrong key: %v", err)
			}
			if after := fingerprints(t, url); len(after) != len(before) || after[right.ActiveKeyID()] != before[right.ActiveKeyID()] {
				t.Fatalf("a wrong key changed the recorded keys: %v → %v", before, after)
			}
		}
		os.WriteFile(keyFile, saved, 0o600)
		readBack(mustOpen(t, keyCfg(t, url, keyFile)))
	})
}

// TestOldK1KeyFile (e): a key file from before random ids ("k1:…") and the
// data it wrote keep working, and its fingerprint is recorded on the first
// start; a different k1 key on such a database is refused.
func TestOldK1KeyFile(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, keyFile string) {
		os.WriteFile(keyFile, []byte("# Tend encryption keyring\n"+newKeyLine(t, "k1")+"\n"), 0o600)
		s := mustOpen(t, keyCfg(t, url, keyFile))
		readBack := writeNotes(t, s)
		// A database from before fingerprints: the data, no record.
		if err := s.DB().Exec("DELETE FROM key_fingerprints").Error; err != nil {
			t.Fatal(err)
		}
		s.Close()

		other := filepath.Join(t.TempDir(), "other.key")
		os.WriteFile(other, []byte(newKeyLine(t, "k1")+"\n"), 0o600)
		if _, err := open(t, keyCfg(t, url, other)); err == nil || !strings.Contains(err.Error(), "key k1 in the key file "+other+" "+mismatchLine) {
			t.Fatalf("another k1 key on an old database: %v", err)
		}
		if fps := fingerprints(t, url); len(fps) != 0 {
			t.Fatalf("the wrong k1 key was recorded: %v", fps)
		}
		readBack(mustOpen(t, keyCfg(t, url, keyFile)))
		if fps := fingerprints(t, url); len(fps) != 1 || fps["k1"] == "" {
			t.Fatalf("k1's fingerprint not recorded on first start: %v", fps)
		}
	})
}

// TestInstancesShareOneKey (d): a second instance with the same key file
// starts and reads what the first wrote; instances starting at once on a
// new database with one TEND_ENCRYPTION_KEY all start and record one
// fingerprint; instances with their own new key files race for a new
// database and exactly one wins, the others stop and leave no key file.
func TestInstancesShareOneKey(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, keyFile string) {
		readBack := writeNotes(t, mustOpen(t, keyCfg(t, url, keyFile)))
		readBack(mustOpen(t, keyCfg(t, url, keyFile)))

		key := strings.SplitN(newKeyLine(t, "x"), ":", 2)[1]
		env := func(name string) string { return map[string]string{"TEND_ENCRYPTION_KEY": key}[name] }
		url = testenv.FreshURL(t, db)
		errs := startAtOnce(t, 3, func(int) config.Config {
			cfg, err := config.Load(env)
			if err != nil {
				t.Error(err)
			}
			cfg.DatabaseURL = url
			return cfg
		})
		for i, err := range errs {
			if err != nil {
				t.Fatalf("instance %d with the shared key: %v", i+1, err)
			}
		}
		if fps := fingerprints(t, url); len(fps) != 1 {
			t.Fatalf("recorded %v, want one fingerprint", fps)
		}

		url, dir := testenv.FreshURL(t, db), t.TempDir()
		errs = startAtOnce(t, 3, func(i int) config.Config {
			return keyCfg(t, url, filepath.Join(dir, string(rune('a'+i)), "tend.key"))
		})
		won := 0
		for i, err := range errs {
			_, statErr := os.Stat(filepath.Join(dir, string(rune('a'+i)), "tend.key"))
			switch {
			case err == nil && statErr == nil:
				won++
			case err != nil && strings.Contains(err.Error(), missingLine) && os.IsNotExist(statErr):
			default:
				t.Fatalf("instance %d with its own key: %v (key file: %v)", i+1, err, statErr)
			}
		}
		if fps := fingerprints(t, url); won != 1 || len(fps) != 1 {
			t.Fatalf("%d instances with their own new keys started, %d keys recorded; want 1 and 1", won, len(fps))
		}
	})
}

// startAtOnce starts n stores on the configs cfg(i) at the same time.
func startAtOnce(t *testing.T, n int, cfg func(i int) config.Config) []error {
	t.Helper()
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		c := cfg(i)
		wg.Go(func() {
			s, err := app.OpenStore(c, app.Options{}, nil)
			errs[i] = err
			if err == nil {
				t.Cleanup(func() { s.Close() })
			}
		})
	}
	wg.Wait()
	return errs
}

// TestBadKeyVariable: a malformed TEND_ENCRYPTION_KEY stops the start with
// one line naming it, before any database is made.
func TestBadKeyVariable(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg, err := config.Load(func(name string) string {
		return map[string]string{"TEND_ENCRYPTION_KEY": "c2hvcnQ=", "TEND_DATABASE_URL": "sqlite:" + filepath.Join(dir, "tend.db")}[name]
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := open(t, cfg); err == nil || !strings.HasPrefix(err.Error(), "TEND_ENCRYPTION_KEY: ") || strings.Contains(err.Error(), "c2hvcnQ") {
		t.Fatalf("short key: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "tend.db")); !os.IsNotExist(err) {
		t.Fatalf("a database was made: %v", err)
	}
}

// TestStartSealsPlaintext: values a migration step left marked as
// plaintext (step 11 moves names out of their plaintext column so) are
// encrypted by the next start, before anything reads them; the name then
// reads back and is found by search, and a further start changes nothing.
func TestStartSealsPlaintext(t *testing.T) {
	onEachDB(t, func(t *testing.T, db testenv.DB, url, keyFile string) {
		ctx := context.Background()
		cfg := keyCfg(t, url, keyFile)
		s := mustOpen(t, cfg)
		p, err := s.CreatePractitioner(ctx, models.NewPractitioner{Email: "ada@example.org", Name: "Ada", Password: "a long enough passphrase"})
		if err != nil {
			t.Fatal(err)
		}
		name := "Sam K."
		c, err := s.CreateClient(ctx, p.ID, models.ClientInput{DisplayName: &name})
		if err != nil {
			t.Fatal(err)
		}
		// What step 11 leaves behind: a marked value, and no record of a
		// completed sealing pass (this database's first start made one).
		if err := s.DB().Exec("UPDATE clients SET name_enc = 'plain:Sam Startwell', name_index = '' WHERE id = ?", c.ID).Error; err != nil {
			t.Fatal(err)
		}
		if err := s.DB().Exec("DELETE FROM settings WHERE key = 'keys:plaintext-sealed'").Error; err != nil {
			t.Fatal(err)
		}
		s.Close()

		s = mustOpen(t, cfg)
		var stored string
		s.DB().Raw("SELECT name_enc FROM clients WHERE id = ?", c.ID).Scan(&stored)
		if !strings.HasPrefix(stored, "v1:") || strings.Contains(stored, "Startwell") {
			t.Fatalf("after a start the name is stored as %q, want a ciphertext", stored)
		}
		got, err := s.ClientByID(ctx, p.ID, c.ID)
		if err != nil || got.DisplayName != "Sam Startwell" {
			t.Fatalf("sealed name reads back as %q (%v)", got.DisplayName, err)
		}
		if found, _, err := s.ListClients(ctx, p.ID, models.ClientFilter{Query: "startw"}, models.Page{}); err != nil || len(found) != 1 {
			t.Fatalf("search for the sealed name: %d clients (%v)", len(found), err)
		}
		s.Close()
		s = mustOpen(t, cfg)
		var again string
		s.DB().Raw("SELECT name_enc FROM clients WHERE id = ?", c.ID).Scan(&again)
		if again != stored {
			t.Fatal("a second start re-encrypted a sealed value")
		}
	})
}
