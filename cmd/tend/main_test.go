package main_test

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var build struct {
	sync.Once
	bin string
	err error
	out []byte
}

// buildTend compiles the real binary once per test run (CGO off, as shipped).
func buildTend(t *testing.T) string {
	t.Helper()
	build.Do(func() {
		dir, err := os.MkdirTemp("", "tend-bin")
		if err != nil {
			build.err = err
			return
		}
		build.bin = filepath.Join(dir, "tend")
		cmd := exec.Command("go", "build", "-o", build.bin, ".")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		build.out, build.err = cmd.CombinedOutput()
	})
	if build.err != nil {
		t.Fatalf("build: %v\n%s", build.err, build.out)
	}
	return build.bin
}

// listeningRe finds the address on tend's "listening" line.
var listeningRe = regexp.MustCompile(`listening on http://(\S+)`)

// start runs `tend` in dir with no configuration but TEND_ADDR=127.0.0.1:0,
// reads the bound address from its "listening" line, waits until /readyz
// answers, and returns that address, its stdout so far and a stop function.
//
// The shutdown drain is short unless env (NAME=value, last wins) sets it.
func start(t *testing.T, bin, dir string, env ...string) (string, *strings.Builder, func() error) {
	t.Helper()
	addr, out, stop, _ := startCmd(t, bin, dir, env...)
	return addr, out, stop
}

// startCmd is start, also returning the process (to kill it hard).
func startCmd(t *testing.T, bin, dir string, env ...string) (string, *strings.Builder, func() error, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(bin)
	cmd.Dir = dir
	cmd.Env = append([]string{"TEND_ADDR=127.0.0.1:0", "PATH=" + os.Getenv("PATH"), "HOME=" + dir, "TEND_SHUTDOWN_DRAIN=100ms"}, env...)
	out := &strings.Builder{}
	stdout, _ := cmd.StdoutPipe()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	deadline := time.After(20 * time.Second)
	var addr string
	for addr == "" {
		select {
		case l, ok := <-lines:
			if !ok {
				cmd.Wait()
				t.Fatalf("tend exited before listening:\n%s\nstderr: %s", out, stderr.String())
			}
			out.WriteString(l + "\n")
			if m := listeningRe.FindStringSubmatch(l); m != nil {
				addr = m[1]
			}
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("tend printed no listening line:\n%s\nstderr: %s", out, stderr.String())
		}
	}
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == 200 {
				break
			}
		}
		select {
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("tend did not become ready at %s: %v\nstderr: %s", addr, err, stderr.String())
		case <-time.After(100 * time.Millisecond):
		}
	}
	time.Sleep(100 * time.Millisecond)
	collect := func() {
		for {
			select {
			case l, ok := <-lines:
				if !ok {
					return
				}
				out.WriteString(l + "\n")
			default:
				return
			}
		}
	}
	collect()
	stop := func() error {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			return err
		case <-time.After(30 * time.Second):
			cmd.Process.Kill()
			return fmt.Errorf("did not stop within 30s of SIGTERM")
		}
	}
	return addr, out, stop, cmd
}

// TestFirstStartAndRestart: the built binary starts in an empty directory
// with no environment, prints a one-time setup link, and a second start
// reuses the same data (the account created in between still signs in).
func TestFirstStartAndRestart(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, dir := buildTend(t), t.TempDir()
	addr, out, stop := start(t, bin, dir)
	if !strings.Contains(out.String(), "http://"+addr+"/setup/") || !strings.Contains(out.String(), "listening on http://"+addr) {
		t.Fatalf("first start should print a setup link and the address:\n%s", out)
	}
	for _, f := range []string{"tend.db", "tend.key"} {
		st, err := os.Stat(filepath.Join(dir, f))
		if err != nil {
			t.Fatalf("%s not created: %v", f, err)
		}
		if st.Mode().Perm()&0o077 != 0 {
			t.Errorf("%s is readable by others: %v", f, st.Mode().Perm())
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}

	// Add an account with the CLI while the server is down.
	add := exec.Command(bin, "practitioner", "add", "--email", "ada@example.org", "--name", "Ada", "--admin")
	add.Dir, add.Env = dir, []string{"PATH=" + os.Getenv("PATH")}
	add.Stdin = strings.NewReader("a long enough passphrase\n")
	if b, err := add.CombinedOutput(); err != nil || !strings.Contains(string(b), "added ada@example.org") {
		t.Fatalf("practitioner add: %v\n%s", err, b)
	}

	addr, out, stop = start(t, bin, dir)
	defer stop()
	if strings.Contains(out.String(), "/setup/") {
		t.Fatalf("second start offered setup although an account exists:\n%s", out)
	}
	body := strings.NewReader(`{"email":"ada@example.org","password":"a long enough passphrase"}`)
	resp, err := http.Post("http://"+addr+"/api/v1/auth/token", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 201 {
		t.Fatalf("sign in after restart: %d %s", resp.StatusCode, b)
	}
}

// TestBadConfigFailsClearly: an invalid variable stops the start with one
// line naming it, and a non-zero exit.
func TestBadConfigFailsClearly(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTend(t)
	cmd := exec.Command(bin)
	cmd.Dir = t.TempDir()
	cmd.Env = []string{"TEND_LINK_TTL=forever", "PATH=" + os.Getenv("PATH")}
	b, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("started with an invalid TEND_LINK_TTL")
	}
	if !strings.Contains(string(b), "TEND_LINK_TTL") {
		t.Fatalf("error should name the variable: %s", b)
	}
}

// TestLintCommand: `tend worksheets lint` prints file:line problems and
// exits non-zero; the built-in library lints clean.
func TestLintCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := buildTend(t)
	bad := filepath.Join(t.TempDir(), "bad.yaml")
	os.WriteFile(bad, []byte("key: Bad Key\nversion: 1\ntitle: x\nsections:\n  - title: s\n    items:\n      - id: q\n        type: nonsense\n        prompt: p\n"), 0o600)
	cmd := exec.Command(bin, "worksheets", "lint", bad)
	cmd.Dir = t.TempDir()
	b, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(b), bad+":8:") {
		t.Fatalf("lint should fail with file:line for the bad type: %v\n%s", err, b)
	}
	lib, _ := filepath.Glob("../../worksheets/library/*.yaml")
	cmd = exec.Command(bin, append([]string{"worksheets", "lint"}, lib...)...)
	if b, err := cmd.CombinedOutput(); err != nil || len(lib) < 7 {
		t.Fatalf("built-in library should lint clean (%d files): %v\n%s", len(lib), err, b)
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if build.bin != "" {
		os.RemoveAll(filepath.Dir(build.bin))
	}
	os.Exit(code)
}

// TestKeyFileDeletedBetweenStarts (f): after a first start wrote the
// database, a start without the key file exits non-zero with one line on
// stderr naming the file, and makes no new key.
func TestKeyFileDeletedBetweenStarts(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, dir := buildTend(t), t.TempDir()
	_, _, stop := start(t, bin, dir)
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	keyFile := filepath.Join(dir, "tend.key")
	if err := os.Remove(keyFile); err != nil {
		t.Fatal(err)
	}
	// A start that wrongly succeeds would serve until stopped: give it 30 s.
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = dir
	cmd.Env = []string{"TEND_ADDR=127.0.0.1:0", "PATH=" + os.Getenv("PATH")}
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	want := "tend: the encryption key file " + keyFile + " (TEND_ENCRYPTION_KEY_FILE) is missing"
	if err == nil || len(lines) != 1 || !strings.HasPrefix(lines[0], want) || !strings.Contains(lines[0], "restore the file from the backup kept apart from the database") {
		t.Fatalf("start without the key file: %v\nstderr: %s\nstdout: %s", err, stderr.String(), stdout.String())
	}
	if strings.Contains(stdout.String(), "listening") || strings.Contains(stdout.String(), "/setup/") {
		t.Fatalf("a failed start printed an address or a link:\n%s", stdout.String())
	}
	if _, err := os.Stat(keyFile); !os.IsNotExist(err) {
		t.Fatalf("a new key file was made: %v", err)
	}
}

// TestThreeInstancesOneSetupLink (g): three instances on one empty database
// print exactly one setup link between them; the others say one was issued.
// An instance whose port is taken prints neither a link nor an address.
func TestThreeInstancesOneSetupLink(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin, dir := buildTend(t), t.TempDir()
	links, told := 0, 0
	var addr string
	for range 3 {
		a, out, stop := start(t, bin, dir)
		defer stop()
		addr = a
		links += strings.Count(out.String(), "/setup/")
		told += strings.Count(out.String(), "another instance starting at the same time printed the account setup link")
	}
	if links != 1 || told != 2 {
		t.Fatalf("%d setup links printed, %d instances said one was issued; want 1 and 2", links, told)
	}
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin)
	cmd.Dir = dir
	cmd.Env = []string{"TEND_ADDR=" + addr, "PATH=" + os.Getenv("PATH")}
	b, err := cmd.CombinedOutput()
	if err == nil || strings.Contains(string(b), "/setup/") || strings.Contains(string(b), "listening on") || strings.Contains(string(b), "printed the account setup link") {
		t.Fatalf("an instance on a taken port: %v\n%s", err, b)
	}
}
