package models

// OnPrepared makes s call f with the text of each of its own prepared
// statements it runs (see prepared); nil stops it.
func (s *Store) OnPrepared(f func(query string)) {
	s.prep.mu.Lock()
	s.prep.ran = f
	s.prep.mu.Unlock()
}
