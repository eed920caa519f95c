package web_test

import (
	"archive/zip"
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

// The client page offers the whole record as a ZIP and "Delete this client
// and everything about them", which asks for the client's name typed out:
// a wrong name deletes nothing and says so beside the field.
func TestPageEraseClient(t *testing.T) {
	t.Parallel()
	pgEach(t, func(t *testing.T, w *pgWorld) {
		id := w.clientID
		_, body := w.web.Get("/clients/" + id)
		wantBody(t, "client page", body, "Delete this client and everything about them…", `href="/clients/`+id+`/export.zip"`,
			`href="/clients/`+id+`/erase"`)

		resp, body := w.web.Get("/clients/" + id + "/export.zip")
		testenv.WantStatus(t, "export", resp, body, 200)
		if _, err := zip.NewReader(strings.NewReader(body), int64(len(body))); err != nil {
			t.Fatalf("the download is not a ZIP: %v", err)
		}
		resp, body = w.otherWeb.Get("/clients/" + id + "/export.zip")
		testenv.WantStatus(t, "other's export", resp, body, 404)

		resp, body = w.web.Get("/clients/" + id + "/erase")
		testenv.WantStatus(t, "erase page", resp, body, 200)
		wantBody(t, "erase page", body, "To confirm, type their name: <strong>Sam K.</strong>", "cannot be undone")

		resp, body = w.web.PostForm("/clients/"+id+"/erase", url.Values{"confirm": {"Sam"}})
		testenv.WantStatus(t, "wrong name", resp, body, 422)
		wantBody(t, "wrong name", body, `<p class="field-error" id="confirm-error">Type the name exactly as shown to confirm. Nothing was deleted.</p>`,
			`value="Sam"`, `aria-invalid="true"`)
		resp, body = w.web.PostForm("/clients/"+id+"/erase", noCSRF(url.Values{"confirm": {"Sam K."}}))
		testenv.WantStatus(t, "no csrf", resp, body, 403)
		resp, body = w.otherWeb.PostForm("/clients/"+id+"/erase", url.Values{"confirm": {"Sam K."}})
		testenv.WantStatus(t, "someone else's", resp, body, 404)
		if _, err := w.env.Store.ClientByID(context.Background(), w.p.ID, id); err != nil {
			t.Fatalf("deleted without confirmation: %v", err)
		}

		resp, body = w.web.PostForm("/clients/"+id+"/erase", url.Values{"confirm": {" Sam K. "}})
		wantRedirect(t, "erase", resp, body, "/clients")
		wantFlash(t, "erase", resp, "The client and everything about them were deleted.")
		if _, err := w.env.Store.ClientByID(context.Background(), w.p.ID, id); err != models.ErrNotFound {
			t.Fatalf("client still there: %v", err)
		}
	})
}
