package web_test

import (
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/tend-health/tend/internal/testenv"
	"github.com/tend-health/tend/models"
)

var (
	secretShown   = regexp.MustCompile(`id="totp-secret">([A-Z2-7 ]+)<`)
	recoveryShown = regexp.MustCompile(`<li>([a-z2-7]{5}-[a-z2-7]{5})</li>`)
)

// appCode is what an authenticator app with secret shows at the env's
// time plus skew.
func appCode(t *testing.T, env *testenv.Env, secret string, skew time.Duration) string {
	t.Helper()
	code, err := models.TOTPCode(secret, env.Clock.Now().Add(skew))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// enrol sets up two-step sign-in from the account page of a signed-in
// browser, reading the secret off the page as a person typing it would;
// it returns the secret and the recovery codes shown once.
func enrol(t *testing.T, env *testenv.Env, web *testenv.Client) (string, []string) {
	t.Helper()
	resp, body := web.Get("/account/2fa")
	testenv.WantStatus(t, "enrolment page", resp, body, 200)
	wantBody(t, "enrolment page", body, `<svg class="qr"`, "Turn on two-step sign-in")
	m := secretShown.FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no secret on the enrolment page")
	}
	secret := strings.ReplaceAll(m[1], " ", "")
	resp, body = web.PostForm("/account/2fa", url.Values{"code": {appCode(t, env, secret, 0)}})
	testenv.WantStatus(t, "confirm", resp, body, 200)
	var codes []string
	for _, c := range recoveryShown.FindAllStringSubmatch(body, -1) {
		codes = append(codes, c[1])
	}
	if len(codes) != 10 {
		t.Fatalf("want 10 recovery codes shown, got %d", len(codes))
	}
	return secret, codes
}

// passwordStep signs in with the password on a fresh browser and checks
// it is sent to the code page with no session.
func passwordStep(t *testing.T, env *testenv.Env, p *testenv.Practitioner, next string) *testenv.Client {
	t.Helper()
	b := env.NewClient()
	b.Get("/login")
	resp, body := b.PostForm("/login", url.Values{"email": {p.Email}, "password": {p.Password}, "next": {next}, "tz": {"Europe/Berlin"}})
	testenv.WantStatus(t, "password step", resp, body, 303)
	if loc := resp.Header.Get("Location"); !strings.HasPrefix(loc, "/login/code") {
		t.Fatalf("password step: redirect to %q, want the code page", loc)
	}
	if b.Cookie("tend_session") != "" {
		t.Fatal("the password step set a session cookie")
	}
	resp, body = b.Get(resp.Header.Get("Location"))
	testenv.WantStatus(t, "code page", resp, body, 200)
	return b
}

// atOnce runs use n times at the same moment (through parallel) and
// counts the calls that succeeded and those refused with
// models.ErrNotFound.
func atOnce(n int, use func() error) (ok, refused int) {
	counts, _ := parallel(n, func(int) (int, http.Header, string) {
		switch err := use(); {
		case err == nil:
			return http.StatusOK, nil, ""
		case errors.Is(err, models.ErrNotFound):
			return http.StatusNotFound, nil, ""
		}
		return http.StatusInternalServerError, nil, ""
	})
	return counts[http.StatusOK], counts[http.StatusNotFound]
}
