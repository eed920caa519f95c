package httpx

import (
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/tend-health/tend/models"
)

// Login throttling: failures per account and per address in a window.
const (
	loginWindow        = 15 * time.Minute
	loginFailsPerEmail = 10
	loginFailsPerIP    = 50
)

// LoginAllowed reports whether another sign-in attempt may be checked; the
// sign-in page and the API token exchange share its counters.
func (k *Kit) LoginAllowed(c *fiber.Ctx, email string) (bool, error) {
	ctx := c.UserContext()
	n, err := k.Store.RateCount(ctx, "login:"+models.HashToken(models.NormalizeEmail(email)), loginWindow)
	if err != nil {
		return false, err
	}
	m, err := k.Store.RateCount(ctx, "login-ip:"+RateIP(c), loginWindow)
	if err != nil {
		return false, err
	}
	return n < loginFailsPerEmail && m < loginFailsPerIP, nil
}

// LoginFailed records a failed attempt for the account and the address.
func (k *Kit) LoginFailed(c *fiber.Ctx, email string) {
	ctx := c.UserContext()
	k.Store.RateHit(ctx, "login:"+models.HashToken(models.NormalizeEmail(email)), loginWindow)
	k.Store.RateHit(ctx, "login-ip:"+RateIP(c), loginWindow)
	SetActor(c, models.Actor{Type: "practitioner", ID: "unknown", IP: ClientIP(c)})
	k.AuditRead(c, "login.fail", "", "")
}
