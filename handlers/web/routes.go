package web

import "github.com/gofiber/fiber/v2"

// Routes is the practitioner pages' route table. Page paths mirror the API
// without /api/v1. Middleware is attached per route (not with a group on
// "/"), so API and client paths that match nothing here still get their
// own 404 instead of a sign-in redirect.
func (h *Handler) Routes(app fiber.Router) {
	// Anyone: sign in, and the one-time first-run setup (404 once an
	// account exists). Their forms carry a pre-session CSRF token.
	app.Get("/login", h.showLoginPage)
	app.Post("/login", h.login)
	// The second step after a right password, for accounts with two-step
	// sign-in: a short-lived challenge cookie, not a session.
	app.Get(loginCodePath, h.showLoginCodePage)
	app.Post(loginCodePath, h.loginCode)
	// …or a passkey instead of the code (JSON from static/passkey.js).
	app.Post("/login/passkey/options", h.loginPasskeyOptions)
	app.Post("/login/passkey", h.loginPasskey)
	app.Get("/setup/:token", h.showSetupPage)
	app.Post("/setup/:token", h.completeSetup)

	// Signed-in practitioners. Every POST checks the session's CSRF token;
	// every id is looked up owner-scoped in the store (someone else's → 404).
	get := func(path string, hd fiber.Handler) { app.Get(path, h.practitionerPage, hd) }
	post := func(path string, hd fiber.Handler) { app.Post(path, h.practitionerPage, h.csrfPractitioner, hd) }

	post("/logout", h.logout)
	get("/", h.showTodayPage)
	get("/assignments", h.showAssignmentsPage)

	get("/clients", h.showClientsPage)
	get("/clients/new", h.showNewClientPage)
	post("/clients", h.createClient)
	get("/clients/:id", h.showClientPage)
	get("/clients/:id/edit", h.showEditClientPage)
	post("/clients/:id", h.updateClient)
	post("/clients/:id/archive", h.archiveClient)
	post("/clients/:id/restore", h.restoreClient)
	get("/clients/:id/erase", h.showEraseClientPage)
	get("/clients/:id/export.zip", h.pageClientExport)
	post("/clients/:id/erase", h.eraseClient)
	post("/clients/:id/notes", h.addClientNote)
	post("/clients/:id/session", h.markSessionHeld)
	get("/clients/:id/assign", h.showAssignPage)
	post("/clients/:id/assign", h.assign)
	get("/clients/:id/schedules/new", h.showNewSchedulePage)
	post("/clients/:id/schedules", h.createSchedule)
	get("/schedules/:id/edit", h.showEditSchedulePage)
	post("/schedules/:id", h.editSchedule)
	post("/schedules/:id/pause", h.pauseSchedule)
	post("/schedules/:id/resume", h.resumeSchedule)
	post("/schedules/:id/stop", h.stopSchedule)
	get("/clients/:id/courses/new", h.showEnrolPage)
	post("/clients/:id/courses", h.enrol)
	get("/enrolments/:id", h.showEnrolmentPage)
	post("/enrolments/:id/stop", h.stopEnrolment)
	get("/clients/:id/assigned", h.showAssignedPage)
	get("/clients/:id/home-link", h.showHomeLinkPage)
	post("/clients/:id/home-link", h.issueHomeLink)
	post("/clients/:id/home-link/revoke", h.revokeHomeLink)

	get("/assignments/:id", h.showAssignmentPage)
	post("/assignments/:id/review", h.markReviewed)
	post("/assignments/:id/flags/:flag/acknowledge", h.acknowledgeFlag)
	post("/assignments/:id/notes", h.addAssignmentNote)
	get("/assignments/:id/link", h.showLinkPage)
	post("/assignments/:id/link", h.reissueLink)
	post("/assignments/:id/cancel", h.cancelAssignment)

	// PDFs (GET only), in the practitioner's time zone.
	get("/assignments/:id/pdf", h.pageAssignmentPDF)
	get("/clients/:id/summary.pdf", h.pageSummaryPDF)

	get("/worksheets", h.showWorksheetsPage)
	get("/worksheets/upload", h.showUploadPage)
	post("/worksheets/upload", h.uploadWorksheet)
	get("/worksheets/:key.yaml", h.downloadWorksheetYAML)
	get("/worksheets/:key/fhir.json", h.downloadWorksheetFHIR)
	get("/worksheets/:key", h.showWorksheetPage)
	get("/courses", h.showCoursesPage)
	post("/courses", h.uploadCourse)
	get("/courses/:key.yaml", h.downloadCourseYAML)

	get("/account", h.showAccountPage)
	post("/account/password", h.changePassword)
	// The one page open while an admin-set temporary password waits to be
	// replaced (practitionerPage sends every other path here).
	get(choosePasswordPath, h.showChoosePasswordPage)
	post(choosePasswordPath, h.choosePassword)
	post("/account/timezone", h.setTimeZone)
	post("/account/client-words", h.setClientWords)
	post("/account/mail", h.setMailSettings)
	post("/account/tokens", h.createPageAPIToken)
	post("/account/tokens/:id/revoke", h.revokePageAPIToken)
	// Two-step sign-in. With TEND_REQUIRE_2FA and none set up yet, the
	// set-up page is the one page open (practitionerPage sends every other
	// path there).
	get(twoFactorPath, h.showTwoFactorPage)
	post(twoFactorPath, h.confirmTwoFactor)
	post("/account/2fa/recovery-codes", h.regenerateRecoveryCodes)
	post("/account/2fa/off", h.turnOffTwoFactor)
	post("/account/passkeys/options", h.addPasskeyOptions)
	post("/account/passkeys", h.addPasskey)
	post("/account/passkeys/:id/remove", h.removePasskey)

	// Admins only (anyone else gets a 404, as if the pages did not exist).
	app.Get("/admin", h.practitionerPage, h.requireAdmin, h.showAdminPage)
	app.Post("/admin/practitioners", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.addPractitioner)
	app.Post("/admin/practitioners/:id/disable", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.disablePractitioner)
	app.Post("/admin/practitioners/:id/enable", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.enablePractitioner)
	app.Post("/admin/practitioners/:id/password", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.resetPassword)
	app.Get("/admin/outbox", h.practitionerPage, h.requireAdmin, h.showOutboxPage)
	app.Post("/admin/outbox/test", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.sendTestMail)
	app.Post("/admin/practitioners/:id/2fa/reset", h.practitionerPage, h.requireAdmin, h.csrfPractitioner, h.resetTwoFactor)
}
