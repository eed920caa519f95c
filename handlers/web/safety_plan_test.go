package web_test

import (
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/worksheets"
)

// TestAssignSafetyPlanFromHighFlag: a high flag's page offers "Assign
// safety plan", which opens the assign page with the safety plan chosen;
// sending it (with the CSRF token) gives the client a safety plan, without
// the token nothing is assigned. A medium flag offers no such button.
func TestAssignSafetyPlanFromHighFlag(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		high := w.assign("weekly-connection-checkin")
		w.submit(high, worksheets.Answers{"asked_help": true, "harm_thoughts": true})
		medium := w.assign("weekly-connection-checkin")
		w.submit(medium, worksheets.Answers{"asked_help": true, "loneliness": 9.0})

		_, page := w.web.Get("/assignments/" + medium)
		wantNoBody(t, "medium flag page", page, "Assign safety plan")
		_, page = w.web.Get("/assignments/" + high)
		href := "/clients/" + w.clientID + "/assign?worksheet=safety-plan"
		wantBody(t, "high flag page", page, `<a class="button secondary" href="`+href+`">Assign safety plan</a>`)

		resp, page := w.web.Get(href)
		testenv.WantStatus(t, "assign page", resp, page, 200)
		wantBody(t, "assign page", page, `value="safety-plan" checked`)
		form := url.Values{"worksheet": {"safety-plan"}, "due_on": {w.env.Clock.Now().AddDate(0, 0, 3).Format("2006-01-02")}}
		resp, body := w.web.PostForm("/clients/"+w.clientID+"/assign", noCSRF(url.Values{"worksheet": form["worksheet"], "due_on": form["due_on"]}))
		testenv.WantStatus(t, "assign without CSRF", resp, body, 403)
		_, client := w.web.Get("/clients/" + w.clientID)
		if strings.Contains(client, "My safety plan") {
			t.Fatal("a safety plan was assigned without the CSRF token")
		}
		resp, body = w.web.PostForm("/clients/"+w.clientID+"/assign", form)
		testenv.WantStatus(t, "assign", resp, body, 303)
		_, client = w.web.Get("/clients/" + w.clientID)
		wantBody(t, "client page", client, "My safety plan")
	})
}
