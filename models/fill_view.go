package models

import "sync"

// derived holds what callers work out once per worksheet version from its
// immutable definition (the client form, pre-rendered): it lives and is
// evicted with the version's entry in the definition cache, so it is
// bounded by that cache.
type derived struct {
	mu sync.Mutex
	m  map[string]any
}

// Derived returns what build makes of this version under name, built once
// per version and shared by every later caller (it must never change).
// A view made outside the cache builds it each time.
func (w *WorksheetView) Derived(name string, build func() any) any {
	d := w.derived
	if d == nil {
		return build()
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	if v, ok := d.m[name]; ok {
		return v
	}
	v := build()
	if d.m == nil {
		d.m = map[string]any{}
	}
	d.m[name] = v
	return v
}
