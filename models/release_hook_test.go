package models

// SetReleaseHook makes every release call f inside its transaction, just
// before the commit (the crash test stops a process there).
func SetReleaseHook(s *Store, f func()) { s.releaseHook = f }
