package models

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"
)

// encColumn is one encrypted column: its table, primary key, column and
// how a row's additional data is made from its key. A column with a blind
// index (blind) has it rewritten with the same key, from the plaintext.
// fromPlain marks a column a migration step filled from a plaintext one:
// the only columns SealPlaintext looks at.
type encColumn struct {
	table, pk, col string
	aad            func(id string) string
	blind          *blindColumn
	fromPlain      bool
}

// blindColumn is a blind index kept beside an encrypted column: its
// column, the column naming the owner its tokens are salted with, and how
// it is made from the plaintext.
type blindColumn struct {
	col, owner string
	index      func(c *Crypter, owner, plaintext string) (string, error)
}

// encColumns lists every encrypted column; a new one must be added here,
// or key rotation leaves it on the old key and its plaintext from before
// its migration is never sealed.
var encColumns = []encColumn{
	{"responses", "assignment_id", "answers_enc", answersAAD, nil, false},
	{"clients", "id", "notes_enc", clientNotesAAD, nil, false},
	{"notes", "id", "text_enc", noteAAD, nil, false},
	{"flags", "id", "ack_note_enc", flagNoteAAD, nil, false},
	{"link_flashes", "id", "token_enc", linkFlashAAD, nil, false},
	{"practitioners", "id", "totp_secret_enc", totpAAD, nil, false},
	// Step 11 moved these out of plaintext columns.
	{"clients", "id", "name_enc", clientNameAAD, &blindColumn{"name_index", "practitioner_id", (*Crypter).nameIndex}, true},
	{"assignments", "id", "instructions_enc", instructionsAAD, nil, true},
	{"flags", "id", "message_enc", flagMessageAAD, nil, true},
	{"scores", "id", "result_enc", scoreResultAAD, nil, true},
	{"clients", "id", "email_enc", clientEmailAAD, nil, false},
	{"mail_messages", "id", "payload_enc", mailPayloadAAD, nil, false},
	{"mail_links", "assignment_id", "token_enc", mailLinkAAD, nil, false},
	{"schedules", "id", "instructions_enc", scheduleNoteAAD, nil, false},
}

// plainPrefix marks a value a migration step moved into an encrypted
// column from a plaintext one, for SealPlaintext to encrypt: SQL has no key.
const plainPrefix = "plain:"

// RotateResult counts what a re-encryption pass did.
type RotateResult struct {
	Rewritten int // rows now on the active key
	Skipped   int // rows changed meanwhile: a rerun picks them up
}

// ReencryptAll rewrites every encrypted value not on c's active key with
// it (plaintext a migration left marked included), batch rows per short
// transaction, each value with its own additional data. A row changed since
// it was read is skipped (a rerun picks it up); rerunning is idempotent and
// an interrupted run is finished by a rerun. afterBatch, when not nil, is
// called after each committed batch.
func ReencryptAll(ctx context.Context, db *gorm.DB, c *Crypter, batch int, afterBatch func()) (RotateResult, error) {
	prefix := "v1:" + c.active + ":"
	return rewrite(ctx, db, c, batch, afterBatch, encColumns, func(col string) (string, []any) {
		return fmt.Sprintf("%s <> '' AND substr(%s, 1, ?) <> ?", col, col), []any{len(prefix), prefix}
	})
}

// sealedKey is the setting SealPlaintext records once a pass found nothing
// left to seal. Only migration step 11 writes marked plaintext, and every
// start migrates before it seals, so no marked value can appear after the
// record: later starts read that one row instead of every sealed column
// of the whole history.
const sealedKey = "keys:plaintext-sealed"

// SealPlaintext encrypts, with c's active key, the plaintext a migration
// step moved into encrypted columns (marked plainPrefix), in batches; it
// runs at every start, after the keys are settled, and once a pass
// completes with nothing skipped it records so (sealedKey) and does
// nothing at later starts. Running it on several instances at once is
// safe.
//
// Having sealed anything, it rebuilds the tables so freed pages keep no
// copy of the plaintext: VACUUM (and an emptied WAL) on SQLite, VACUUM
// FULL of the four tables on PostgreSQL.
func SealPlaintext(ctx context.Context, db *gorm.DB, c *Crypter, batch int) (RotateResult, error) {
	var done int64
	if err := db.WithContext(ctx).Model(&Setting{}).Where("key = ?", sealedKey).Count(&done).Error; err != nil {
		return RotateResult{}, fmt.Errorf("keys: read sealing record: %w", err)
	}
	if done > 0 {
		return RotateResult{}, nil
	}
	res, err := sealPass(ctx, db, c, batch)
	if err != nil || res.Skipped > 0 {
		return res, err // a value changed meanwhile: the next start looks again
	}
	if err := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&Setting{Key: sealedKey, Value: "1"}).Error; err != nil {
		return res, fmt.Errorf("keys: record sealing: %w", err)
	}
	return res, nil
}

// sealPass is one pass of SealPlaintext over every column step 11 filled.
func sealPass(ctx context.Context, db *gorm.DB, c *Crypter, batch int) (RotateResult, error) {
	var cols []encColumn
	for _, ec := range encColumns {
		if ec.fromPlain {
			cols = append(cols, ec)
		}
	}
	res, err := rewrite(ctx, db, c, batch, nil, cols, func(col string) (string, []any) {
		return fmt.Sprintf("substr(%s, 1, ?) = ?", col), []any{len(plainPrefix), plainPrefix}
	})
	if err != nil || res.Rewritten == 0 {
		return res, err
	}
	compact := []string{"VACUUM FULL clients, assignments, flags, scores"}
	if IsSQLite(db) {
		compact = []string{"VACUUM", "PRAGMA wal_checkpoint(TRUNCATE)"}
	}
	for _, stmt := range compact {
		if err := db.WithContext(ctx).Exec(stmt).Error; err != nil {
			return res, fmt.Errorf("keys: compact after sealing: %w", err)
		}
	}
	return res, nil
}

// rewrite re-seals, with c's active key, the values of cols that where
// selects, keyset-paged by primary key.
func rewrite(ctx context.Context, db *gorm.DB, c *Crypter, batch int, afterBatch func(), cols []encColumn, where func(col string) (string, []any)) (RotateResult, error) {
	var res RotateResult
	for _, ec := range cols {
		owner := "''"
		if ec.blind != nil {
			owner = ec.blind.owner
		}
		cond, args := where(ec.col)
		last := ""
		for {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			type row struct{ ID, CT, Owner string }
			var rows []row
			q := fmt.Sprintf("SELECT %s AS id, %s AS ct, %s AS owner FROM %s WHERE %s AND %s > ? ORDER BY %s LIMIT ?",
				ec.pk, ec.col, owner, ec.table, cond, ec.pk, ec.pk)
			if err := db.WithContext(ctx).Raw(q, append(args, last, batch)...).Scan(&rows).Error; err != nil {
				return res, fmt.Errorf("keys: read %s.%s: %w", ec.table, ec.col, err)
			}
			if len(rows) == 0 {
				break
			}
			err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				for _, r := range rows {
					set, err := ec.reseal(c, r.ID, r.CT, r.Owner)
					if err != nil {
						return err
					}
					up := tx.Table(ec.table).Where(ec.pk+" = ? AND "+ec.col+" = ?", r.ID, r.CT).Updates(set)
					if up.Error != nil {
						return fmt.Errorf("keys: rewrite %s.%s: %w", ec.table, ec.col, up.Error)
					}
					if up.RowsAffected == 0 {
						res.Skipped++
					} else {
						res.Rewritten++
					}
				}
				return nil
			})
			if err != nil {
				return res, err
			}
			if afterBatch != nil {
				afterBatch()
			}
			last = rows[len(rows)-1].ID
		}
	}
	return res, nil
}

// reseal opens one stored value (a ciphertext, or marked plaintext) and
// seals it with the active key: the columns to set, the blind index included.
func (ec encColumn) reseal(c *Crypter, id, stored, owner string) (map[string]any, error) {
	var pt []byte
	if plain, ok := strings.CutPrefix(stored, plainPrefix); ok {
		pt = []byte(plain)
	} else {
		var err error
		if pt, err = c.Decrypt(stored, ec.aad(id)); err != nil {
			return nil, fmt.Errorf("keys: %s.%s row %s: %w", ec.table, ec.col, id, err)
		}
	}
	ct, err := c.Encrypt(pt, ec.aad(id))
	if err != nil {
		return nil, err
	}
	set := map[string]any{ec.col: ct}
	if ec.blind != nil {
		if set[ec.blind.col], err = ec.blind.index(c, owner, string(pt)); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// KeyUsage counts, per key id, the encrypted values that use it (over
// every encrypted column); ids of c's keyring that no value uses count 0.
func KeyUsage(ctx context.Context, db *gorm.DB, c *Crypter) (map[string]int64, error) {
	use := map[string]int64{}
	for _, id := range c.keyIDs() {
		use[id] = 0
	}
	for _, ec := range encColumns {
		type row struct {
			ID string
			N  int64
		}
		var rows []row
		// The key id sits between the first and second colon: "v1:<id>:…".
		q := fmt.Sprintf("SELECT substr(%s, 4, %s) AS id, COUNT(*) AS n FROM %s WHERE %s LIKE 'v1:%%' GROUP BY 1",
			ec.col, keyIDLenSQL(db, ec.col), ec.table, ec.col)
		if err := db.WithContext(ctx).Raw(q).Scan(&rows).Error; err != nil {
			return nil, fmt.Errorf("keys: count %s.%s: %w", ec.table, ec.col, err)
		}
		for _, r := range rows {
			use[r.ID] += r.N
		}
	}
	return use, nil
}

// keyIDLenSQL is the SQL length of the key id in the ciphertext column col.
func keyIDLenSQL(db *gorm.DB, col string) string {
	if IsSQLite(db) {
		return fmt.Sprintf("instr(substr(%s, 4), ':') - 1", col)
	}
	return fmt.Sprintf("strpos(substr(%s, 4), ':') - 1", col)
}

// RecordKey records the fingerprint of c's active key when the database
// has not seen it yet.
func RecordKey(ctx context.Context, db *gorm.DB, c *Crypter, now time.Time) error {
	fp := KeyFingerprint{KeyID: c.active, Fingerprint: c.fingerprints[c.active], FirstSeenAt: now.UTC()}
	if err := db.WithContext(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(&fp).Error; err != nil {
		return fmt.Errorf("keys: record fingerprint: %w", err)
	}
	return nil
}

// AddKeyLine appends a new key line "id:BASE64" (random id) to a keyring
// text and returns the new text, its keyring (the new key active) and the line.
func AddKeyLine(keyring string) (text string, c *Crypter, line string, err error) {
	id, err := NewKeyID()
	if err != nil {
		return "", nil, "", err
	}
	if line, err = NewKeyLine(id); err != nil {
		return "", nil, "", err
	}
	text = strings.TrimRight(keyring, "\r\n") + "\n" + line + "\n"
	c, err = ParseKeyring(text)
	return text, c, line, err
}

// DropKeyLines removes from a keyring text the entries whose key id is in
// drop; comments and other entries stay. The active key is never dropped.
func DropKeyLines(keyring string, drop map[string]bool) (string, []string, error) {
	c, err := ParseKeyring(keyring)
	if err != nil {
		return "", nil, err
	}
	var out, dropped []string
	for _, l := range strings.Split(strings.TrimRight(keyring, "\r\n"), "\n") {
		f := strings.TrimSpace(l)
		if f != "" && !strings.HasPrefix(f, "#") && !strings.Contains(f, ",") {
			if one, err := ParseKeyring(f); err == nil && drop[one.active] && one.active != c.active {
				dropped = append(dropped, one.active)
				continue
			}
		}
		out = append(out, l)
	}
	sort.Strings(dropped)
	return strings.Join(out, "\n") + "\n", dropped, nil
}

// WriteKeyFile replaces a key file atomically: the text goes to a 0600
// temporary file in the same directory, is synced, then renamed over it;
// the file is never truncated in place.
func WriteKeyFile(path, text string) error {
	tmp, err := writeTempKey(filepath.Dir(path), text)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("crypt: write key file: %w", err)
	}
	syncDir(filepath.Dir(path))
	return nil
}
