package main_test

import (
	"bufio"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// silentDB accepts TCP connections and never says a word: a database host
// that hangs.
func silentDB(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { c.Close() })
		}
	}()
	return ln.Addr().String()
}

// TestStartGivesUpOnASilentDatabase: against a database that accepts and
// never answers, start ends within TEND_START_TIMEOUT with one line, and
// SIGTERM during that wait ends it at once.
func TestStartGivesUpOnASilentDatabase(t *testing.T) {
	t.Parallel()
	bin := buildTend(t)
	run := func(limit string, term time.Duration) (time.Duration, string, error) {
		dir := t.TempDir()
		cmd := exec.Command(bin)
		cmd.Dir = dir
		cmd.Env = []string{"TEND_ADDR=127.0.0.1:0", "PATH=" + os.Getenv("PATH"), "HOME=" + dir,
			"TEND_DATABASE_URL=postgres://tend@" + silentDB(t) + "/tend?sslmode=disable", "TEND_START_TIMEOUT=" + limit}
		var stderr strings.Builder
		cmd.Stderr = &stderr
		begin := time.Now()
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		if term > 0 {
			time.AfterFunc(term, func() { cmd.Process.Signal(syscall.SIGTERM) })
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return time.Since(begin), stderr.String(), err
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("start against a silent database still waiting after 20s (limit %s); stderr: %s", limit, stderr.String())
		}
		return 0, "", nil
	}

	took, stderr, err := run("2s", 0)
	if err == nil || took > 6*time.Second {
		t.Fatalf("start with TEND_START_TIMEOUT=2s: exit %v after %s", err, took)
	}
	if lines := strings.Split(strings.TrimSpace(stderr), "\n"); len(lines) != 1 || !strings.Contains(stderr, "did not answer within 2s") {
		t.Fatalf("want one line saying the database did not answer, got:\n%s", stderr)
	}

	took, stderr, err = run("60s", time.Second)
	if err == nil || took > 4*time.Second || !strings.Contains(stderr, "stopped while starting") {
		t.Fatalf("SIGTERM during start: exit %v after %s; stderr:\n%s", err, took, stderr)
	}
}

// partialRequest opens a connection and sends a request whose body is not
// finished: a request in flight until finish is called.
func partialRequest(t *testing.T, addr string) (finish func() (string, error)) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	body := "email=a%40b.c&password=xxxxxxxx"
	head := "POST /login HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " +
		strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(c, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	return func() (string, error) {
		if _, err := io.WriteString(c, body[10:]); err != nil {
			return "", err
		}
		c.SetReadDeadline(time.Now().Add(10 * time.Second))
		return bufio.NewReader(c).ReadString('\n')
	}
}

func status(t *testing.T, url string) int {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		return 0
	}
	resp.Body.Close()
	return resp.StatusCode
}

// TestSIGTERMDrains: on SIGTERM /readyz answers 503 at once while pages
// are still served for the drain, a request in flight finishes and the
// exit is clean; when the shutdown limit cuts a request, the exit code is 1.
func TestSIGTERMDrains(t *testing.T) {
	t.Parallel()
	bin := buildTend(t)

	addr, _, stop := start(t, bin, t.TempDir(), "TEND_SHUTDOWN_DRAIN=2s", "TEND_SHUTDOWN_TIMEOUT=10s")
	finish := partialRequest(t, addr)
	stopped := make(chan error, 1)
	go func() { stopped <- stop() }()
	deadline := time.Now().Add(time.Second)
	for status(t, "http://"+addr+"/readyz") != 503 {
		if time.Now().After(deadline) {
			t.Fatal("/readyz did not turn 503 within 1s of SIGTERM")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if s := status(t, "http://"+addr+"/login"); s != 200 {
		t.Fatalf("during the drain a page answered %d, want 200", s)
	}
	time.Sleep(2500 * time.Millisecond) // past the drain: the listener is closed
	line, err := finish()
	if err != nil || !strings.HasPrefix(line, "HTTP/1.1 ") {
		t.Fatalf("the request in flight got %q, %v", line, err)
	}
	if err := <-stopped; err != nil {
		t.Fatalf("exit after a clean drain: %v", err)
	}

	addr, _, stop = start(t, bin, t.TempDir(), "TEND_SHUTDOWN_DRAIN=200ms", "TEND_SHUTDOWN_TIMEOUT=1s")
	partialRequest(t, addr) // never finished: the limit cuts it
	begin := time.Now()
	err = stop()
	var ee *exec.ExitError
	if !errors.As(err, &ee) || ee.ExitCode() != 1 || time.Since(begin) > 5*time.Second {
		t.Fatalf("exit when the limit cut a request: %v after %s, want exit code 1", err, time.Since(begin))
	}
}
