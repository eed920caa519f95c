// Package mail writes and delivers what Tend sends: client invitations
// and reminders, the practitioner's flag alert and daily digest, a test
// message, and the alert webhook. Messages carry no health information:
// never a client name, worksheet title, answer, score or flag text.
// Delivery runs from the outbox (models.MailMessage) through
// models.Store.BeginDelivery and FinishDelivery, so a message is tried
// again only when the relay refused it before taking it.
//
// mail imports models, jobs (to complete a delivery's job in the
// transaction that marks it sent) and config; it never imports handlers,
// app or cli.
package mail
