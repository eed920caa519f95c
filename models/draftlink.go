package models

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/tend-health/tend/worksheets"
)

// sealedDraft is a draft ready to store: its answers encrypted, the flags
// they raise, and the time of the save.
type sealedDraft struct {
	enc    string
	raised []worksheets.RaisedFlag
	now    time.Time
}

// sealDraft encrypts ans for assignment id and evaluates the flag rules of
// its worksheet version wsID on them.
func (s *Store) sealDraft(ctx context.Context, id, wsID string, ans worksheets.Answers) (sealedDraft, error) {
	js, err := json.Marshal(ans)
	if err != nil {
		return sealedDraft{}, fmt.Errorf("store: draft: %w", err)
	}
	enc, err := s.crypt.Encrypt(js, answersAAD(id))
	if err != nil {
		return sealedDraft{}, err
	}
	// A risk answer reaches the practitioner as soon as it is stored,
	// not only when (or if) the client presses send.
	raised, err := s.draftFlags(s.read(ctx), Assignment{WorksheetVersionID: wsID}, ans)
	if err != nil {
		return sealedDraft{}, err
	}
	// Microseconds, UTC: what every database gives back, so a replay
	// answers with exactly the time the original save answered.
	return sealedDraft{enc: enc, raised: raised, now: s.now().UTC().Truncate(time.Microsecond)}, nil
}

// draftUpdateSQL is the usual autosave's one statement: the new draft, only
// while the stored one is at the base version ($6), its last save is not
// this save id ($4: that is a replay), the assignment is in progress, no
// flag is open on it and, when a link hash is given ($7), that link still
// opens it at $8 (linkLive's condition); else it changes nothing.
const draftUpdateSQL = "UPDATE responses SET answers_enc = $1, version = $2, saved_at = $3, last_save_id = $4 " +
	"WHERE assignment_id = $5 AND version = $6 AND ($4 = '' OR last_save_id <> $4) " +
	"AND EXISTS (SELECT 1 FROM assignments a WHERE a.id = $5 AND a.status = '" + StatusInProgress + "' " +
	"AND ($7 = '' OR (a.link_token_hash = $7 AND a.link_revoked_at IS NULL AND a.link_expires_at > $8))) " +
	"AND NOT EXISTS (SELECT 1 FROM flags f WHERE f.assignment_id = $5 AND f.withdrawn_at IS NULL)"

// draftUpdate runs draftUpdateSQL for d on assignment id (through the link
// of hash linkHash, "" for none) and reports whether it saved. A draft
// that raises a flag, or a first draft, is never saved here: those take
// saveDraftTx's transaction.
func (s *Store) draftUpdate(ctx context.Context, id, linkHash string, baseVersion int, saveID string, d sealedDraft) (bool, error) {
	if baseVersion <= 0 || len(d.raised) > 0 {
		return false, nil
	}
	n, err := s.draftExec(ctx, d.enc, baseVersion+1, d.now, saveID, id, baseVersion, linkHash, s.now())
	if err != nil {
		return false, fmt.Errorf("store: draft: %w", err)
	}
	return n == 1, nil
}

// KnownLink is what never changes about a link this store resolved before
// (FillTargetByLink): its assignment and that assignment's worksheet
// version. Holding one says nothing about whether the link still opens:
// SaveDraftByLink checks that in the statement that saves.
type KnownLink struct {
	AssignmentID, WorksheetVersionID string
	hash                             string
}

// knownLinksMax bounds the links kept in memory (about 200 bytes each).
const knownLinksMax = 10000

// knownLinks maps a link's token hash to its KnownLink. An entry never
// goes stale: a reissued link has a new hash, and a revoked, expired or
// cancelled one no longer matches draftUpdateSQL.
type knownLinks struct {
	mu sync.Mutex
	m  map[string]KnownLink
}

func (k *knownLinks) get(hash string) (KnownLink, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	l, ok := k.m[hash]
	return l, ok
}

func (k *knownLinks) put(l KnownLink) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if k.m == nil {
		k.m = map[string]KnownLink{}
	}
	if _, ok := k.m[l.hash]; !ok && len(k.m) >= knownLinksMax {
		for h := range k.m { // full: one arbitrary link out
			delete(k.m, h)
			break
		}
	}
	k.m[l.hash] = l
}

// KnownLink returns what never changes about token's link when this store
// resolved it before.
func (s *Store) KnownLink(token string) (KnownLink, bool) {
	if token == "" || len(token) > 100 {
		return KnownLink{}, false
	}
	return s.known.get(HashToken(token))
}

// SaveDraftByLink is the usual autosave through a known link in one
// statement (no read first): it saves ans as the draft at baseVersion+1
// and reports saved only when the link still opens the assignment and
// SaveDraftOnce would have taken its one-statement way (a draft in
// progress at baseVersion, no flag open nor raised, not a replay of the
// last save id). Otherwise it changes nothing and reports not saved: the
// caller then takes the full way (FillTargetByLink, SaveDraftOnce), which
// answers every other case.
func (s *Store) SaveDraftByLink(ctx context.Context, l KnownLink, baseVersion int, saveID string, ans worksheets.Answers) (version int, savedAt time.Time, saved bool, err error) {
	d, err := s.sealDraft(ctx, l.AssignmentID, l.WorksheetVersionID, ans)
	if err != nil {
		return 0, time.Time{}, false, err
	}
	saved, err = s.draftUpdate(ctx, l.AssignmentID, l.hash, baseVersion, saveID, d)
	if err != nil || !saved {
		return 0, time.Time{}, false, err
	}
	return baseVersion + 1, d.now, true, nil
}
