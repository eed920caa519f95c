package models

// TodayStamp is a practitioner's change counter for Today: database
// triggers (step 16 on SQLite, step 17 on PostgreSQL) raise it in the same
// transaction as every insert, update or delete of one of their
// assignments, flags, clients or releases, whichever code path (or
// process) writes it; the store never writes it. Today's page is built
// from those four tables only (worksheet versions never change), so a
// page built after reading stamp n is still exactly right while the stamp
// reads n and the practitioner's date and time zone are the same.
//
// SQLite adds one a row written. PostgreSQL adds one a transaction, at
// its commit (deferred triggers): concurrent writers for one practitioner
// wait on its row only while each commits, and take it after every other
// row lock, so none holds it while waiting for a row another holds
// (TestTodayStampLockOrder); and a transaction writing many rows updates
// it once.
//
// A signed-in request reads the stamp with its session (Session.TodayStamp).
type TodayStamp struct {
	PractitionerID string `gorm:"primaryKey;size:36"`
	N              int64  `gorm:"not null;default:0"`
}
