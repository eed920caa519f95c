package httpx

import (
	"net/netip"
	"strings"

	"github.com/gofiber/fiber/v2"
)

// parseProxies reads TEND_TRUSTED_PROXIES entries (addresses or CIDR
// ranges); an entry that is neither is skipped.
func parseProxies(list []string) []netip.Prefix {
	var out []netip.Prefix
	for _, s := range list {
		if p, err := netip.ParsePrefix(s); err == nil {
			out = append(out, p.Masked())
		} else if a, err := netip.ParseAddr(s); err == nil {
			a = a.Unmap()
			out = append(out, netip.PrefixFrom(a, a.BitLen()))
		}
	}
	return out
}

func (k *Kit) trusted(a netip.Addr) bool {
	for _, p := range k.proxies {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// resolveIP finds the request's client address: the connection's address
// unless that is a trusted proxy; then the right-most X-Forwarded-For entry
// that is not a trusted proxy (entries to its left are the client's own
// claims). The result is always a valid, normalised IP: an entry that does
// not parse leaves the proxy's own address.
func (k *Kit) resolveIP(c *fiber.Ctx) netip.Addr {
	remote := remoteAddr(c)
	if !k.trusted(remote) {
		return remote
	}
	var hops []string
	for _, h := range c.Request().Header.PeekAll(fiber.HeaderXForwardedFor) {
		hops = append(hops, strings.Split(string(h), ",")...)
	}
	for i := len(hops) - 1; i >= 0; i-- {
		a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
		if err != nil {
			return remote
		}
		a = a.Unmap().WithZone("")
		if !k.trusted(a) {
			return a
		}
	}
	return remote
}

func remoteAddr(c *fiber.Ctx) netip.Addr {
	a, _ := netip.AddrFromSlice(c.Context().RemoteIP())
	if a = a.Unmap(); !a.IsValid() {
		return netip.IPv4Unspecified()
	}
	return a
}

func clientAddr(c *fiber.Ctx) netip.Addr {
	if a, ok := c.Locals(localIP).(netip.Addr); ok {
		return a
	}
	return remoteAddr(c)
}

// ClientIP is the request's client address as audit rows store it, the one
// way Tend reads it (never c.IP(), which would take a raw proxy header).
func ClientIP(c *fiber.Ctx) string { return clientAddr(c).String() }

// RateIP is the client's key for per-IP limits: the address for IPv4, its
// /64 network for IPv6 (one subscriber usually holds a whole /64).
func RateIP(c *fiber.Ctx) string {
	a := clientAddr(c)
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
