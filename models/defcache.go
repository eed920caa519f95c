package models

import (
	"container/list"
	"sync"
)

// defCacheSize bounds the parsed worksheet versions kept in memory.
const defCacheSize = 256

// defCache keeps parsed worksheet versions, least recently used out first.
// A stored version never changes (a change is a new version with a new
// id), so an entry never goes stale: every form page, autosave and submit
// of one version shares one parsed definition instead of decoding its
// JSON each time. Callers never change a cached definition.
type defCache struct {
	mu    sync.Mutex
	order *list.List // of *WorksheetView, most recent first
	byID  map[string]*list.Element
}

func newDefCache() *defCache {
	return &defCache{order: list.New(), byID: map[string]*list.Element{}}
}

// get returns a copy of the cached version id (its Def shared), or nil.
func (c *defCache) get(id string) *WorksheetView {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.byID[id]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	cp := *e.Value.(*WorksheetView)
	return &cp
}

func (c *defCache) put(v *WorksheetView) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.byID[v.ID]; ok {
		return
	}
	cp := *v
	c.byID[v.ID] = c.order.PushFront(&cp)
	if c.order.Len() > defCacheSize {
		last := c.order.Back()
		c.order.Remove(last)
		delete(c.byID, last.Value.(*WorksheetView).ID)
	}
}

// view parses w, or returns the parse cached for its id.
func (s *Store) view(w WorksheetVersion) (*WorksheetView, error) {
	if v := s.defs.get(w.ID); v != nil {
		return v, nil
	}
	v, err := w.view()
	if err != nil {
		return nil, err
	}
	s.defs.put(v)
	return v, nil
}
