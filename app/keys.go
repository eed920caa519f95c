package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tend-health/tend/config"
	"github.com/tend-health/tend/models"
	"gorm.io/gorm"
)

// readKeys loads the keyring before the database is opened, so a malformed
// key stops the start with one line naming its variable or file. It also
// returns how errors name the keys' source. A key file that does not exist
// gives a nil keyring: only a new database may get a new key (settleKeys).
func readKeys(cfg config.Config) (*models.Crypter, string, error) {
	if cfg.Keys != "" {
		c, err := models.ParseKeyring(cfg.Keys)
		if err != nil {
			return nil, "", fmt.Errorf("%s: %s", cfg.KeysVar, strings.TrimPrefix(err.Error(), "crypt: "))
		}
		return c, cfg.KeysVar, nil
	}
	src := "the key file " + keyPath(cfg)
	c, err := models.ReadKeyFile(cfg.KeyFile)
	if errors.Is(err, os.ErrNotExist) {
		return nil, src, nil
	}
	if err != nil {
		return nil, "", fmt.Errorf("TEND_ENCRYPTION_KEY_FILE: %s: %s", keyPath(cfg), strings.TrimPrefix(err.Error(), "crypt: "))
	}
	return c, src, nil
}

// settleKeys runs once the database is reached and migrated: it creates the
// key file when the database is new (and only then), checks the keyring
// against the fingerprints the database recorded, and records new keys.
func settleKeys(ctx context.Context, cfg config.Config, db *gorm.DB, c *models.Crypter, src string, now time.Time, lg *slog.Logger) (*models.Crypter, error) {
	created := false
	if c == nil {
		inUse, err := models.KeysInUse(ctx, db)
		if err != nil {
			return nil, err
		}
		if inUse {
			return nil, missingKeyFile(cfg)
		}
		if c, created, err = models.CreateKeyFile(cfg.KeyFile); err != nil {
			return nil, err
		}
	}
	err := models.RecordKeys(ctx, db, c, src, now)
	if created && errors.Is(err, models.ErrForeignKeyring) {
		// Another instance claimed this new database with its own key a
		// moment ago; nothing was written with ours, so it goes.
		os.Remove(cfg.KeyFile)
		return nil, missingKeyFile(cfg)
	}
	if err != nil {
		return nil, err
	}
	if created {
		lg.Warn("created a new encryption key file for this new database; back it up apart from the database", slog.String("path", keyPath(cfg)))
	}
	return c, nil
}

// sealBatch is how many rows one sealing transaction encrypts.
const sealBatch = 200

// sealPlaintext encrypts what a migration step moved out of plaintext
// columns (step 11: names, instructions, flag messages, scores); at later
// starts it finds nothing to do.
func sealPlaintext(ctx context.Context, db *gorm.DB, c *models.Crypter, lg *slog.Logger) error {
	res, err := models.SealPlaintext(ctx, db, c, sealBatch)
	if err != nil {
		return fmt.Errorf("encrypting values kept in plaintext before this version: %w", err)
	}
	if res.Rewritten > 0 {
		lg.Info(fmt.Sprintf("encrypted %d values kept in plaintext before this version", res.Rewritten))
	}
	return nil
}

// missingKeyFile is the one line that stops a start without its key file.
func missingKeyFile(cfg config.Config) error {
	return fmt.Errorf("the encryption key file %s (TEND_ENCRYPTION_KEY_FILE) is missing, and this database was written with a key: "+
		"restore the file from the backup kept apart from the database", keyPath(cfg))
}

func keyPath(cfg config.Config) string {
	if p, err := filepath.Abs(cfg.KeyFile); err == nil {
		return p
	}
	return cfg.KeyFile
}
