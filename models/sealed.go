package models

import (
	"encoding/json"
	"errors"
	"fmt"

	"gorm.io/gorm"
)

// Sealed text columns: the Go field a page reads (Flag.Message, Score.Band,
// Assignment.Instructions, Client.DisplayName) is not stored; its
// ciphertext column (…Enc) is, bound to its row by the additional data
// below. The store seals a row before it writes it and opens rows after
// it reads them. A new sealed column needs: its AAD function here, seal
// and open in its model's methods, an entry in encColumns (key rotation;
// fromPlain when its migration step moves plaintext into it, which the next
// start then seals) and one in encryptedSamples.

func clientNameAAD(id string) string   { return "clients.name|" + id }
func instructionsAAD(id string) string { return "assignments.instructions|" + id }
func flagMessageAAD(id string) string  { return "flags.message|" + id }
func scoreResultAAD(id string) string  { return "scores.result|" + id }
func scheduleNoteAAD(id string) string { return "schedules.instructions|" + id }
func sealErr(what, id string, err error) error {
	return fmt.Errorf("store: %s of %s: %w", what, id, err)
}

// sealText encrypts text for one row; empty text stays "" (nothing to hide
// but its absence, as for notes).
func (c *Crypter) sealText(text, aad string) (string, error) {
	if text == "" {
		return "", nil
	}
	return c.Encrypt([]byte(text), aad)
}

// openText decrypts what sealText made for the same row.
func (c *Crypter) openText(ct, aad string) (string, error) {
	pt, err := c.Decrypt(ct, aad)
	return string(pt), err
}

// sealable is a model with sealed columns.
type sealable[T any] interface {
	*T
	seal(c *Crypter) error
	open(c *Crypter) error
}

// SealRows seals, in place, the text of rows about to be inserted in bulk
// (the bench seeder): a []Client, []Assignment, []Flag or []Score.
func (s *Store) SealRows(rows any) error {
	switch r := rows.(type) {
	case []Client:
		return sealRows(s.crypt, r)
	case []Assignment:
		return sealRows(s.crypt, r)
	case []Flag:
		return sealRows(s.crypt, r)
	case []Score:
		return sealRows(s.crypt, r)
	}
	return fmt.Errorf("store: no sealed columns in %T", rows)
}

func sealRows[T any, P sealable[T]](c *Crypter, rows []T) error {
	for i := range rows {
		if err := P(&rows[i]).seal(c); err != nil {
			return err
		}
	}
	return nil
}

// openRows opens the sealed columns of every row in place.
func openRows[T any, P sealable[T]](c *Crypter, rows []T) error {
	for i := range rows {
		if err := P(&rows[i]).open(c); err != nil {
			return err
		}
	}
	return nil
}

func (cl *Client) seal(c *Crypter) (err error) {
	if cl.NameEnc, err = c.sealText(cl.DisplayName, clientNameAAD(cl.ID)); err != nil {
		return err
	}
	cl.NameIndex, err = c.nameIndex(cl.PractitionerID, cl.DisplayName)
	return err
}

func (cl *Client) open(c *Crypter) (err error) {
	if cl.DisplayName, err = c.openText(cl.NameEnc, clientNameAAD(cl.ID)); err != nil {
		return sealErr("client name", cl.ID, err)
	}
	return nil
}

func (a *Assignment) seal(c *Crypter) (err error) {
	a.InstructionsEnc, err = c.sealText(a.Instructions, instructionsAAD(a.ID))
	return err
}

func (a *Assignment) open(c *Crypter) (err error) {
	if a.Instructions, err = c.openText(a.InstructionsEnc, instructionsAAD(a.ID)); err != nil {
		return sealErr("instructions", a.ID, err)
	}
	return nil
}

func (sc *Schedule) seal(c *Crypter) (err error) {
	sc.InstructionsEnc, err = c.sealText(sc.Instructions, scheduleNoteAAD(sc.ID))
	return err
}

func (sc *Schedule) open(c *Crypter) (err error) {
	if sc.Instructions, err = c.openText(sc.InstructionsEnc, scheduleNoteAAD(sc.ID)); err != nil {
		return sealErr("schedule note", sc.ID, err)
	}
	return nil
}

func (f *Flag) seal(c *Crypter) (err error) {
	f.MessageEnc, err = c.sealText(f.Message, flagMessageAAD(f.ID))
	return err
}

func (f *Flag) open(c *Crypter) (err error) {
	if f.Message, err = c.openText(f.MessageEnc, flagMessageAAD(f.ID)); err != nil {
		return sealErr("flag message", f.ID, err)
	}
	return nil
}

// scoreResult is what a score's ResultEnc holds. The data migration of
// step 11 writes the same JSON from SQL (json_object / json_build_object).
type scoreResult struct {
	Value   *float64 `json:"value"`
	Band    string   `json:"band"`
	Meaning string   `json:"meaning"`
	Note    string   `json:"note"`
}

func (s *Score) seal(c *Crypter) error {
	js, err := json.Marshal(scoreResult{s.Value, s.Band, s.Meaning, s.Note})
	if err != nil {
		return err
	}
	s.ResultEnc, err = c.sealText(string(js), scoreResultAAD(s.ID))
	return err
}

func (s *Score) open(c *Crypter) error {
	js, err := c.Decrypt(s.ResultEnc, scoreResultAAD(s.ID))
	if err != nil {
		return sealErr("score", s.ID, err)
	}
	var r scoreResult
	if len(js) > 0 && !r.decode(js) {
		if err := json.Unmarshal(js, &r); err != nil {
			return sealErr("score", s.ID, err)
		}
	}
	s.Value, s.Band, s.Meaning, s.Note = r.Value, r.Band, r.Meaning, r.Note
	return nil
}

// errUnsealed: a row with sealed columns was about to be written without
// sealing them, which would store its text as nothing.
var errUnsealed = errors.New("store: a sealed column was not sealed before writing (call seal)")

// The BeforeCreate hooks refuse a row whose text was not sealed: the
// plaintext fields are not stored, so it would be lost without a word.

func (cl *Client) BeforeCreate(*gorm.DB) error {
	return unsealed(cl.DisplayName != "" && cl.NameEnc == "")
}

func (a *Assignment) BeforeCreate(*gorm.DB) error {
	return unsealed(a.Instructions != "" && a.InstructionsEnc == "")
}

func (f *Flag) BeforeCreate(*gorm.DB) error { return unsealed(f.Message != "" && f.MessageEnc == "") }

func (sc *Schedule) BeforeCreate(*gorm.DB) error {
	return unsealed(sc.Instructions != "" && sc.InstructionsEnc == "")
}

func (s *Score) BeforeCreate(*gorm.DB) error { return unsealed(s.ResultEnc == "") }

func unsealed(missing bool) error {
	if missing {
		return errUnsealed
	}
	return nil
}
