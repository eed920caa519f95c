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
// how a row's additional data is made from its key.
type encColumn struct {
	table, pk, col string
	aad            func(id string) string
}

// encColumns lists every encrypted column; a new one must be added here,
// or key rotation leaves it on the old key.
var encColumns = []encColumn{
	{"responses", "assignment_id", "answers_enc", answersAAD},
	{"clients", "id", "notes_enc", clientNotesAAD},
	{"notes", "id", "text_enc", noteAAD},
	{"flags", "id", "ack_note_enc", flagNoteAAD},
	{"link_flashes", "id", "token_enc", linkFlashAAD},
	{"clients", "id", "email_enc", clientEmailAAD},
	{"mail_messages", "id", "payload_enc", mailPayloadAAD},
	{"mail_links", "assignment_id", "token_enc", mailLinkAAD},
	{"practitioners", "id", "totp_secret_enc", totpAAD},
}

// RotateResult counts what a re-encryption pass did.
type RotateResult struct {
	Rewritten int // rows now on the active key
	Skipped   int // rows changed meanwhile: a rerun picks them up
}

// ReencryptAll rewrites every encrypted value not on c's active key with
// it, batch rows per short transaction, each value with its own additional
// data. A row changed since it was read is skipped (a rerun picks it up);
// rerunning is idempotent and an interrupted run is finished by a rerun.
// afterBatch, when not nil, is called after each committed batch.
func ReencryptAll(ctx context.Context, db *gorm.DB, c *Crypter, batch int, afterBatch func()) (RotateResult, error) {
	var res RotateResult
	prefix := "v1:" + c.active + ":"
	for _, ec := range encColumns {
		last := ""
		for {
			if err := ctx.Err(); err != nil {
				return res, err
			}
			type row struct{ ID, CT string }
			var rows []row
			q := fmt.Sprintf("SELECT %s AS id, %s AS ct FROM %s WHERE %s <> '' AND substr(%s, 1, ?) <> ? AND %s > ? ORDER BY %s LIMIT ?",
				ec.pk, ec.col, ec.table, ec.col, ec.col, ec.pk, ec.pk)
			if err := db.WithContext(ctx).Raw(q, len(prefix), prefix, last, batch).Scan(&rows).Error; err != nil {
				return res, fmt.Errorf("keys: read %s.%s: %w", ec.table, ec.col, err)
			}
			if len(rows) == 0 {
				break
			}
			err := db.WithContext(ctx).Transaction(func(tx *gorm.DB) error {
				for _, r := range rows {
					pt, err := c.Decrypt(r.CT, ec.aad(r.ID))
					if err != nil {
						return fmt.Errorf("keys: %s.%s row %s: %w", ec.table, ec.col, r.ID, err)
					}
					ct, err := c.Encrypt(pt, ec.aad(r.ID))
					if err != nil {
						return err
					}
					up := tx.Exec(fmt.Sprintf("UPDATE %s SET %s = ? WHERE %s = ? AND %s = ?", ec.table, ec.col, ec.pk, ec.col), ct, r.ID, r.CT)
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
		q := fmt.Sprintf("SELECT substr(%s, 4, %s) AS id, COUNT(*) AS n FROM %s WHERE %s <> '' GROUP BY 1",
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
