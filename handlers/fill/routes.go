package fill

import "github.com/gofiber/fiber/v2"

// Routes is the client room's route table: what a client reaches with a
// private link. The raw link token appears only in GET /w/:token (exchanged at once for a cookie) and
// as the bearer of the client JSON API; every other client URL is
// token-free. Middleware is attached per route, not with Group(prefix, mw):
// Fiber matches a group's middleware by bare prefix, so "/f" would also
// catch "/forgot…" and "/favicon.ico".
func (h *Handler) Routes(app fiber.Router) {
	// The private link: anyone holding it. Failed attempts are rate-limited
	// per IP; a valid link sets the fill-session cookie and 303s to /f.
	app.Get("/w/:token", h.openLink)

	// A client's own page: the same rules as the private link. GET
	// /c/:token sets the own-page cookie and 303s to /c, which lists the
	// client's open and sent worksheets; POST /c/open (CSRF) enters one of
	// their own open worksheets, starting its fill session, and 303s to /f.
	app.Get("/c/:token", h.openHome)
	app.Get("/c", h.homePage, h.showHomePage)
	app.Post("/c/open", h.homePage, h.enterFromHome)

	// "Leave this page" on every client page: a 303 to the neutral site
	// (TEND_LEAVE_URL). Open to anyone; it reads and sets nothing.
	app.Get("/leave", h.leave)

	// "Feeling overwhelmed?" on every client page: a one-screen grounding
	// exercise. Open to anyone; like /leave it reads and sets nothing.
	app.Get("/calm", h.showCalmPage)

	// Unsubscribe from the link in a client email: the token alone, no
	// session and no CSRF token (RFC 8058 one-click POST from a mail
	// program); the GET only asks, the POST records it.
	app.Get("/u/:token", h.showUnsubscribePage)
	app.Post("/u/:token", h.unsubscribe)

	// Client pages: the fill-session cookie from /w/:token, scoped to one
	// assignment; CSRF (the session's token) on every POST and PUT. The
	// no-JS posts are wrapped in keepTyped: with the database out, what
	// the client typed comes back to them instead of being lost.
	f := app.Group("/f")
	f.Get("", h.fillPage, h.showFillStartPage)                   // title, instructions, Start / Continue
	f.Get("/form", h.fillPage, h.showFillFormPage)               // the form (read-only copy once submitted)
	f.Post("/save", h.keepTyped, h.fillPage, h.saveFillForm)     // no-JS save draft, add row, remove row
	f.Post("/submit", h.keepTyped, h.fillPage, h.submitFillForm) // submit → /f/done, or the form with errors
	f.Get("/done", h.fillPage, h.showFillDonePage)               // thank you (+ crisis panel when a flag fired)
	f.Get("/answers", h.fillPage, h.showFillAnswers)             // read-only copy after submission
	f.Put("/draft", h.fillPage, h.saveFillDraft)                 // autosave from fill.js: JSON, X-CSRF-Token

	// Client JSON API: Authorization: Bearer <link token>, same failure
	// rate limit as /w/:token. The usual autosave through a link already
	// resolved is answered by apiFillDraftKnown alone.
	app.Get("/api/v1/fill", h.fillAPI, h.apiFillGet)
	app.Put("/api/v1/fill/draft", h.apiFillDraftKnown, h.fillAPI, h.apiFillDraft)
	app.Post("/api/v1/fill/submit", h.fillAPI, h.apiFillSubmit)
}
