package models_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
	"github.com/tend-health/tend/worksheets"
)

// TestBackupRestoreDrill backs up a live SQLite database while writers keep
// saving, then opens the copy as a new store: integrity is ok, every draft
// acknowledged before the backup started is there and decrypts with the
// same keyring, and the copy has no answer text in the clear (T-I1, T-I2).
func TestBackupRestoreDrill(t *testing.T) {
	t.Parallel()
	env := testenv.New(t, testenv.DB{Name: "sqlite"})
	ctx := context.Background()
	const n = 8
	ids := make([]string, n)
	for i := range ids {
		_, ids[i], _ = assigned(t, env, "weekly-connection-checkin")
		if _, _, err := env.Store.SaveDraft(ctx, ids[i], 0, worksheets.Answers{"week_notes": "CANARY-BACKUP before"}); err != nil {
			t.Fatal(err)
		}
	}
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var during atomic.Int64
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for k := 0; ; k++ {
				select {
				case <-stop:
					return
				default:
				}
				id := ids[(w+k)%n]
				v, err := env.Store.FillAssignment(ctx, id)
				if err != nil {
					t.Error(err)
					return
				}
				if _, _, err := env.Store.SaveDraft(ctx, id, v.ResponseVersion, worksheets.Answers{"week_notes": "CANARY-BACKUP during"}); err == nil {
					during.Add(1)
				}
			}
		}(w)
	}
	dest := filepath.Join(t.TempDir(), "backup.db")
	err := models.Backup(ctx, env.Store.DB(), dest)
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup under load: %v", err)
	}
	t.Logf("backup taken while %d drafts were being saved", during.Load())
	if fi, err := os.Stat(dest); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("the backup must be readable by its owner only: %v %v", fi.Mode(), err)
	}
	if err := models.Backup(ctx, env.Store.DB(), dest); err == nil || !strings.Contains(err.Error(), "never overwrites") {
		t.Fatalf("a second backup to the same file: %v", err)
	}

	raw := readAll(t, dest)
	if bytes.Contains(raw, []byte("CANARY-BACKUP")) {
		t.Fatal("the backup holds answer text in the clear")
	}
	db, err := models.Open("sqlite:" + dest)
	if err != nil {
		t.Fatal(err)
	}
	if err := models.Migrate(db); err != nil {
		t.Fatalf("migrating the restored copy: %v", err)
	}
	restored := models.NewStore(db, env.Store.Crypter(), nil)
	defer restored.Close()
	for i, id := range ids {
		v, err := restored.FillAssignment(ctx, id)
		if err != nil {
			t.Fatalf("assignment %d missing from the backup: %v", i, err)
		}
		note, _ := v.Answers["week_notes"].(string)
		if v.ResponseVersion < 1 || (note != "CANARY-BACKUP before" && note != "CANARY-BACKUP during") {
			t.Fatalf("assignment %d restored without its draft: v%d %q", i, v.ResponseVersion, note)
		}
	}
}
