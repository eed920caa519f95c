package api

import "github.com/gofiber/fiber/v2"

// Routes is the practitioner API's route table. Every route but the token
// exchange carries the bearer check itself (no Group(prefix, middleware)):
// a group's middleware matches by bare prefix, so "/api/v1" would also
// catch the client API under /api/v1/fill and make the order in which the
// rooms are registered matter.
func (h *Handler) Routes(r fiber.Router) {
	// Anyone: email + password → API token (rate-limited like sign-in).
	r.Post("/api/v1/auth/token", h.createAPIToken)

	// Bearer API token. Every id is looked up owner-scoped in the store
	// (someone else's → 404).
	auth := h.practitionerAPI
	r.Get("/api/v1/worksheets", auth, h.apiListWorksheets)
	r.Get("/api/v1/worksheets/:key", auth, h.apiGetWorksheet)
	r.Post("/api/v1/worksheets", auth, h.apiCreateWorksheet)
	r.Post("/api/v1/clients", auth, h.apiCreateClient)
	r.Get("/api/v1/clients", auth, h.apiListClients)
	r.Get("/api/v1/clients/:id", auth, h.apiGetClient)
	r.Patch("/api/v1/clients/:id", auth, h.apiUpdateClient)
	r.Delete("/api/v1/clients/:id", auth, h.apiArchiveClient)
	r.Post("/api/v1/clients/:id/assignments", auth, h.apiCreateAssignment)
	r.Post("/api/v1/clients/:id/home-link", auth, h.apiIssueHomeLink)
	r.Delete("/api/v1/clients/:id/home-link", auth, h.apiRevokeHomeLink)
	r.Get("/api/v1/clients/:id/summary.pdf", auth, h.apiSummaryPDF)
	r.Get("/api/v1/assignments", auth, h.apiListAssignments)
	r.Get("/api/v1/assignments/:id", auth, h.apiGetAssignment)
	r.Post("/api/v1/assignments/:id/link", auth, h.apiReissueLink)
	r.Delete("/api/v1/assignments/:id", auth, h.apiCancelAssignment)
	r.Post("/api/v1/assignments/:id/review", auth, h.apiMarkReviewed)
	r.Get("/api/v1/assignments/:id/pdf", auth, h.apiAssignmentPDF)
	r.Post("/api/v1/flags/:id/acknowledge", auth, h.apiAcknowledgeFlag)
	r.Post("/api/v1/clients/:id/schedules", auth, h.apiCreateSchedule)
	r.Get("/api/v1/clients/:id/schedules", auth, h.apiListSchedules)
	r.Get("/api/v1/schedules/:id", auth, h.apiGetSchedule)
	r.Patch("/api/v1/schedules/:id", auth, h.apiPatchSchedule)
	r.Delete("/api/v1/schedules/:id", auth, h.apiStopSchedule)
	r.Get("/api/v1/courses", auth, h.apiListCourses)
	r.Post("/api/v1/courses", auth, h.apiCreateCourse)
	r.Get("/api/v1/courses/:key", auth, h.apiGetCourse)
	r.Post("/api/v1/clients/:id/courses", auth, h.apiEnrol)
	r.Get("/api/v1/clients/:id/courses", auth, h.apiListEnrolments)
	r.Get("/api/v1/enrolments/:id", auth, h.apiGetEnrolment)
	r.Delete("/api/v1/enrolments/:id", auth, h.apiStopEnrolment)
}
