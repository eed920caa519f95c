package httpx

import (
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// Sign-in throttling. Every check of a password first reserves an attempt,
// atomically (models.RateReserve), in three buckets:
//   - (account, address): progressive delay — the first loginFreePerPair
//     failures are free, then each next attempt waits twice as long as the
//     one before (1 s, 2 s, 4 s … up to loginWindow);
//   - the address: at most loginFailsPerIP in loginWindow;
//   - the account: at most loginFailsPerEmail in loginWindow, a ceiling that
//     a known device (the signed cookie set at a successful sign-in)
//     bypasses, so a stranger who knows the email cannot lock the owner out.
//
// A successful sign-in gives its reservations back and clears the
// (account, address) delay.
const (
	loginWindow        = 15 * time.Minute
	loginPairWindow    = time.Hour
	loginFreePerPair   = 3
	loginFailsPerEmail = 10
	loginFailsPerIP    = 50
)

// DeviceCookie marks a browser that signed in to an account before.
const DeviceCookie = "tend_device"

// deviceCookieAge is how long a known device stays known.
const deviceCookieAge = 400 * 24 * time.Hour

// LoginAttempt is one reserved password check.
type LoginAttempt struct {
	ids  []uint
	pair string
}

// pairDelay is the progressive delay after n failures, the last at last.
func pairDelay(now time.Time) func(n int64, last time.Time) time.Duration {
	return func(n int64, last time.Time) time.Duration {
		if n < loginFreePerPair {
			return 0
		}
		d := loginWindow
		if k := n - loginFreePerPair; k < 10 {
			d = min(time.Second<<k, loginWindow)
		}
		return max(last.Add(d).Sub(now), 0)
	}
}

// ceiling refuses once n events are in the window.
func ceiling(limit int64) func(n int64, last time.Time) time.Duration {
	return func(n int64, _ time.Time) time.Duration {
		if n >= limit {
			return loginWindow
		}
		return 0
	}
}

// beginLogin reserves a check of email's password from c's address; the
// sign-in page, the API token exchange and the account page share it.
// When a limit refuses, it sets Retry-After and returns a nil attempt and
// the wait.
func (k *Kit) beginLogin(c *fiber.Ctx, email string) (*LoginAttempt, time.Duration, error) {
	ctx := c.UserContext()
	acct := models.HashToken(models.NormalizeEmail(email))
	a := &LoginAttempt{pair: "login-pair:" + models.HashToken(acct+" "+RateIP(c))}
	type limit struct {
		bucket string
		window time.Duration
		wait   func(int64, time.Time) time.Duration
	}
	limits := []limit{
		{a.pair, loginPairWindow, pairDelay(k.Store.Now())},
		{"login-ip:" + RateIP(c), loginWindow, ceiling(loginFailsPerIP)},
	}
	if !k.Store.DeviceKnown(ctx, email, c.Cookies(k.CookieName(DeviceCookie))) {
		limits = append(limits, limit{"login:" + acct, loginWindow, ceiling(loginFailsPerEmail)})
	}
	for _, l := range limits {
		id, wait, err := k.Store.RateReserve(ctx, l.bucket, l.window, l.wait)
		if err == nil && wait > 0 {
			err = k.Store.RateRelease(ctx, a.ids...)
			if err == nil {
				c.Set(fiber.HeaderRetryAfter, strconv.Itoa(int(wait.Round(time.Second)/time.Second)+1))
				return nil, wait, nil
			}
		}
		if err != nil {
			return nil, 0, err
		}
		a.ids = append(a.ids, id)
	}
	return a, 0, nil
}

// loginFailed audits a wrong password; the attempt's reservations stay,
// as the failures the limits count.
func (k *Kit) loginFailed(c *fiber.Ctx) {
	SetActor(c, models.Actor{Type: "practitioner", ID: "unknown", IP: ClientIP(c)})
	k.AuditRead(c, "login.fail", "", "")
}

// loginChecked ends an attempt whose password was right (or that was
// never checked: ErrPasswordBusy): its reservations are given back and,
// when ok, the (account, address) delay starts again from zero.
func (k *Kit) loginChecked(c *fiber.Ctx, a *LoginAttempt, ok bool) error {
	if err := k.Store.RateRelease(c.UserContext(), a.ids...); err != nil {
		return err
	}
	if !ok {
		return nil
	}
	return k.Store.RateClear(c.UserContext(), a.pair)
}

// CheckLogin runs check (a store call that verifies email's password)
// inside the sign-in throttle: a 429 with Retry-After when a limit says
// wait; a wrong password (ErrNotFound, or a current_password problem)
// counts as a failure; anything else gives the attempt back.
func (k *Kit) CheckLogin(c *fiber.Ctx, email string, check func() (*models.Practitioner, error)) (*models.Practitioner, error) {
	a, wait, err := k.beginLogin(c, email)
	if err != nil {
		return nil, err
	}
	if a == nil {
		return nil, fiber.NewError(fiber.StatusTooManyRequests, LoginWait(wait))
	}
	p, err := check()
	var ve *models.ValidationError
	if errors.Is(err, models.ErrNotFound) || errors.As(err, &ve) && ve.Problems[0].Field == "current_password" {
		k.loginFailed(c)
		return nil, err
	}
	if rerr := k.loginChecked(c, a, err == nil); rerr != nil && err == nil {
		return nil, rerr
	}
	return p, err
}

// RememberDevice sets the signed known-device cookie for account pid.
func (k *Kit) RememberDevice(c *fiber.Ctx, pid string) error {
	v, err := k.Store.DeviceCookie(c.UserContext(), pid)
	if err != nil {
		return err
	}
	k.SetCookie(c, DeviceCookie, v, deviceCookieAge)
	return nil
}

// LoginWait is the plain-words refusal for a throttled password check.
func LoginWait(wait time.Duration) string {
	if wait < 2*time.Minute {
		return "Too many failed sign-ins. Please wait a few seconds and try again."
	}
	return "Too many failed sign-ins. Please wait 15 minutes and try again."
}
