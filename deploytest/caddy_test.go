// Package deploytest runs Tend the way docs/deploy.md deploys it: behind
// Caddy (Debian's caddy) terminating TLS with its internal CA.
package deploytest

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// caddy is a running caddy in front of one upstream.
type caddy struct {
	URL  string // https://127.0.0.1:PORT
	Port int
	Root *x509.CertPool // caddy's internal root CA
}

var errBusy = errors.New("caddy: port busy")

// startCaddy runs `caddy run` with the Caddyfile of deploy/Caddyfile's
// shape (tls internal instead of a public certificate, no admin endpoint,
// every file under a temporary directory), bound to a free port on
// 127.0.0.1, in front of the upstream (host:port) that upstreamFor starts
// for that port. A port taken between choosing and binding it is retried
// with a new one. Caddy stops when the test ends.
func startCaddy(t *testing.T, upstreamFor func(port int) string) *caddy {
	t.Helper()
	for attempt := 0; attempt < 5; attempt++ {
		port := freePort(t)
		c, err := runCaddy(t, port, upstreamFor(port))
		if errors.Is(err, errBusy) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	t.Fatal("caddy: no free port after 5 attempts")
	return nil
}

func freePort(t *testing.T) int {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func runCaddy(t *testing.T, port int, upstream string) (*caddy, error) {
	dir := t.TempDir()
	caddyfile := fmt.Sprintf(`{
	admin off
	skip_install_trust
	auto_https disable_redirects
	storage file_system %s
}

https://127.0.0.1:%d {
	bind 127.0.0.1
	tls internal
	reverse_proxy %s
}
`, filepath.Join(dir, "data", "caddy"), port, upstream)
	path := filepath.Join(dir, "Caddyfile")
	if err := os.WriteFile(path, []byte(caddyfile), 0o600); err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(context.Background())
	cmd := exec.CommandContext(ctx, "caddy", "run", "--config", path, "--adapter", "caddyfile")
	cmd.Env = append(os.Environ(), "HOME="+dir, "XDG_DATA_HOME="+filepath.Join(dir, "data"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		cancel()
		return nil, fmt.Errorf("caddy: %w", err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	stop := func() { cancel(); <-exited }
	rootFile := filepath.Join(dir, "data", "caddy", "pki", "authorities", "local", "root.crt")
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-exited:
			cancel()
			if strings.Contains(out.String(), "address already in use") {
				return nil, errBusy
			}
			return nil, fmt.Errorf("caddy exited: %s", out.String())
		case <-time.After(100 * time.Millisecond):
		}
		pem, err := os.ReadFile(rootFile)
		if err != nil {
			continue
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			continue
		}
		conn, err := tls.Dial("tcp", fmt.Sprintf("127.0.0.1:%d", port), &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"})
		if err != nil {
			continue
		}
		conn.Close()
		t.Cleanup(stop)
		return &caddy{URL: fmt.Sprintf("https://127.0.0.1:%d", port), Port: port, Root: pool}, nil
	}
	stop()
	return nil, fmt.Errorf("caddy did not serve TLS within 20 s: %s", out.String())
}
