package models

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// KeyFingerprint records a key this database has used: the HMAC-SHA256 of
// a constant keyed by the key (never the key itself), so a start with a
// wrong or foreign key stops before it writes anything.
type KeyFingerprint struct {
	KeyID       string    `gorm:"primaryKey;size:64"`
	Fingerprint string    `gorm:"size:64;not null"`
	FirstSeenAt time.Time `gorm:"not null"`
}

// TableName keeps the table name explicit: migrations name it.
func (KeyFingerprint) TableName() string { return "key_fingerprints" }

// keysLockID serialises key checks across PostgreSQL instances, so two
// instances with different new keys cannot both claim an empty database.
const keysLockID = 724052

// ErrForeignKeyring means the database recorded keys but none of the loaded
// ones: a keyring from another installation, or a key made by mistake.
var ErrForeignKeyring = errors.New("crypt: none of the loaded keys was used by this database")

// foreignKeyring is the mismatch line that also matches ErrForeignKeyring.
type foreignKeyring struct{ error }

func (foreignKeyring) Is(target error) bool { return target == ErrForeignKeyring }

// KeysInUse reports whether the database already depends on a key: it has
// recorded a fingerprint or holds an encrypted value. Only a database where
// neither is true may get a newly generated key.
func KeysInUse(ctx context.Context, db *gorm.DB) (bool, error) {
	db = db.WithContext(ctx)
	var n int64
	if err := db.Model(&KeyFingerprint{}).Count(&n).Error; err != nil {
		return false, fmt.Errorf("keys: count fingerprints: %w", err)
	}
	if n > 0 {
		return true, nil
	}
	for _, s := range encryptedSamples {
		ct, _, err := s(db)
		if err != nil {
			return false, fmt.Errorf("keys: look for encrypted data: %w", err)
		}
		if ct != "" {
			return true, nil
		}
	}
	return false, nil
}

// RecordKeys checks the keyring against the fingerprints the database has
// recorded and records the keys it has not seen yet, in one transaction
// under a lock. src names where the keys came from ("the key file x",
// "TEND_ENCRYPTION_KEY") for the one-line error. A recorded key with another
// fingerprint, or a keyring of which no key is recorded while some are,
// stops the start; so does, on a database from before fingerprints, a
// keyring that cannot read a sample of its encrypted data.
func RecordKeys(ctx context.Context, db *gorm.DB, c *Crypter, src string, now time.Time) error {
	return db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
		if !IsSQLite(tx) {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", keysLockID).Error; err != nil {
				return fmt.Errorf("keys: lock: %w", err)
			}
		}
		var rows []KeyFingerprint
		if err := tx.Order("first_seen_at, key_id").Find(&rows).Error; err != nil {
			return fmt.Errorf("keys: read fingerprints: %w", err)
		}
		recorded := map[string]string{}
		for _, r := range rows {
			recorded[r.KeyID] = r.Fingerprint
		}
		known := 0
		for _, id := range c.keyIDs() {
			fp, ok := recorded[id]
			if !ok {
				continue
			}
			if fp != c.fingerprints[id] {
				return mismatch(id, src, "")
			}
			known++
		}
		if len(rows) > 0 && known == 0 {
			ids := make([]string, len(rows))
			for i, r := range rows {
				ids[i] = r.KeyID
			}
			return foreignKeyring{mismatch(c.active, src, "key "+strings.Join(ids, ", "))}
		}
		if len(rows) == 0 {
			if err := checkSamples(tx, c, src); err != nil {
				return err
			}
		}
		for _, id := range c.keyIDs() {
			if _, ok := recorded[id]; ok {
				continue
			}
			// Insert-if-absent: an instance starting at the same moment with
			// the same key may have recorded it first.
			fp := KeyFingerprint{KeyID: id, Fingerprint: c.fingerprints[id], FirstSeenAt: now.UTC()}
			if err := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&fp).Error; err != nil {
				return fmt.Errorf("keys: record fingerprint: %w", err)
			}
		}
		return nil
	})
}

// mismatch is the one line that stops a start with the wrong key.
func mismatch(id, src, writtenWith string) error {
	if writtenWith != "" {
		writtenWith = " (" + writtenWith + ")"
	}
	return fmt.Errorf("the encryption key %s in %s does not match the one this database was written with%s; "+
		"restore the right key from the backup kept apart from the database", id, src, writtenWith)
}

// checkSamples decrypts one value of each encrypted column: a database from
// before fingerprints were recorded tells a wrong key this way.
func checkSamples(tx *gorm.DB, c *Crypter, src string) error {
	for _, s := range encryptedSamples {
		ct, aad, err := s(tx)
		if err != nil {
			return fmt.Errorf("keys: read encrypted sample: %w", err)
		}
		if ct == "" {
			continue
		}
		if _, err := c.Decrypt(ct, aad); err != nil {
			id := "?"
			if parts := strings.SplitN(ct, ":", 3); len(parts) == 3 {
				id = parts[1]
			}
			if _, ok := c.keys[id]; !ok {
				return fmt.Errorf("this database holds data encrypted with key %s, which is not in %s; "+
					"restore that key from the backup kept apart from the database", id, src)
			}
			return mismatch(id, src, "")
		}
	}
	return nil
}

// encryptedSamples each return one encrypted value and its additional data
// ("" when the column holds none): one per encrypted column.
var encryptedSamples = []func(tx *gorm.DB) (ct, aad string, err error){
	sample("answers_enc", func(r Response) (string, string) { return r.AnswersEnc, answersAAD(r.AssignmentID) }),
	sample("notes_enc", func(c Client) (string, string) { return c.NotesEnc, clientNotesAAD(c.ID) }),
	sample("text_enc", func(n Note) (string, string) { return n.TextEnc, noteAAD(n.ID) }),
	sample("name_enc", func(c Client) (string, string) { return c.NameEnc, clientNameAAD(c.ID) }),
	sample("instructions_enc", func(a Assignment) (string, string) { return a.InstructionsEnc, instructionsAAD(a.ID) }),
	sample("message_enc", func(f Flag) (string, string) { return f.MessageEnc, flagMessageAAD(f.ID) }),
	sample("result_enc", func(s Score) (string, string) { return s.ResultEnc, scoreResultAAD(s.ID) }),
	sample("totp_secret_enc", func(p Practitioner) (string, string) { return p.TOTPSecretEnc, totpAAD(p.ID) }),
}

// sample reads one row of model M whose encrypted column holds a
// ciphertext (not yet sealed plaintext, see SealPlaintext).
func sample[M any](column string, pick func(M) (ct, aad string)) func(tx *gorm.DB) (string, string, error) {
	return func(tx *gorm.DB) (string, string, error) {
		var rows []M
		if err := tx.Where(column + " LIKE 'v1:%'").Limit(1).Find(&rows).Error; err != nil || len(rows) == 0 {
			return "", "", err
		}
		ct, aad := pick(rows[0])
		return ct, aad, nil
	}
}

// keyIDs lists the keyring's ids in a stable order.
func (c *Crypter) keyIDs() []string {
	ids := make([]string, 0, len(c.keys))
	for id := range c.keys {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}
