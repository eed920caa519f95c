package web

import (
	"html/template"
	"sync"
)

// todayCache keeps each practitioner's last rendered Today body (the
// page without its layout, which holds the session's CSRF token and the
// flash), with what it was built from: the practitioner's Today stamp
// (models.TodayStamp, raised by database triggers with every write to
// their assignments, flags, clients or releases), their local date and
// their time zone. Everything on Today follows from those four tables,
// that date (overdue, due this week, sent since midnight) and that zone
// (times shown), so while all three read the same the kept body is the
// page a fresh build would render, byte for byte. One entry per
// practitioner, replaced, never more.
type todayCache struct {
	mu sync.Mutex
	m  map[string]todayEntry
}

// todayKey is what a kept body was built from.
type todayKey struct {
	stamp int64
	day   string // the practitioner's local date, 2006-01-02
	zone  string // their time zone's name
}

type todayEntry struct {
	key  todayKey
	body template.HTML
}

// get is pid's kept body when it was built from key.
func (tc *todayCache) get(pid string, key todayKey) (template.HTML, bool) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	e, ok := tc.m[pid]
	if !ok || e.key != key {
		return "", false
	}
	return e.body, true
}

// put keeps body, built from key. The stamp is read before any of the
// page's queries, so a body is never older than its key: a write that
// lands in between makes it newer, and has raised the stamp past the key,
// so the next request builds again.
func (tc *todayCache) put(pid string, key todayKey, body template.HTML) {
	tc.mu.Lock()
	defer tc.mu.Unlock()
	if tc.m == nil {
		tc.m = map[string]todayEntry{}
	}
	tc.m[pid] = todayEntry{key, body}
}
