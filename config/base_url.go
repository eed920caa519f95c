package config

import (
	"net"
	"net/url"
	"strings"
)

// Why client links made from TEND_BASE_URL cannot work as a client expects.
const (
	BaseURLLocal       = "local"       // only this computer can open them
	BaseURLUnencrypted = "unencrypted" // plain http to another machine
)

// BaseURLProblem reports BaseURLLocal when TEND_BASE_URL names this
// computer (localhost, 127.0.0.0/8, ::1, no host), BaseURLUnencrypted when
// it is plain http on any other address, and "" when links can work.
func (c Config) BaseURLProblem() string {
	u, err := url.Parse(c.BaseURL)
	if err != nil {
		return ""
	}
	host := strings.ToLower(u.Hostname())
	if host == "" || host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return BaseURLLocal
	}
	if ip := net.ParseIP(host); ip != nil && (ip.IsLoopback() || ip.IsUnspecified()) {
		return BaseURLLocal
	}
	if u.Scheme == "http" {
		return BaseURLUnencrypted
	}
	return ""
}
