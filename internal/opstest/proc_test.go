package opstest

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"klimaspor/internal/mail/mailtest"
	"klimaspor/internal/store/storetest"
)

// binary is the klimaspor program TestMain builds once for every test.
var binary string

func TestMain(m *testing.M) {
	mailtest.ServeIfChild()
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	dir, err := os.MkdirTemp("", "klimaspor-opstest-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "opstest:", err)
		return 1
	}
	defer os.RemoveAll(dir)
	binary = filepath.Join(dir, "klimaspor")
	_, here, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(here), "..", "..")
	build := exec.Command("go", "build", "-o", binary, "./cmd/klimaspor")
	build.Dir = root
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "opstest: build the program: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// target is one database for the processes: a SQLite file or a PostgreSQL schema.
type target struct {
	engine string
	path   string // SQLite
	url    string // PostgreSQL
}

// newTarget makes a fresh, empty database of the engine for the test (removed at its end).
// Without PostgreSQL the test fails in CI and is skipped elsewhere, as storetest decides.
func newTarget(t testing.TB, engine string) target {
	t.Helper()
	if engine == "postgres" {
		return target{engine: engine, url: storetest.NewSchema(t)}
	}
	return target{engine: engine, path: filepath.Join(t.TempDir(), "k.db")}
}

// env is the environment that points a process at the database.
func (tg target) env() []string {
	if tg.engine == "postgres" {
		return []string{"KLIMASPOR_DATABASE_URL=" + tg.url}
	}
	return []string{"KLIMASPOR_DB=" + tg.path}
}

// open opens the database directly, beside the program, for the checks after a crash.
func (tg target) open(t testing.TB) *sql.DB {
	t.Helper()
	var db *sql.DB
	var err error
	if tg.engine == "postgres" {
		db, err = sql.Open("pgx", tg.url)
	} else {
		db, err = sql.Open("sqlite", "file:"+tg.path+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		t.Fatalf("open %s: %v", tg.engine, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// count runs a query that answers one number ($n placeholders: both engines take them).
func count(t testing.TB, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}

// checkWhole fails the test unless the database is whole: SQLite's integrity_check says ok,
// PostgreSQL answers.
func (tg target) checkWhole(t testing.TB, db *sql.DB) {
	t.Helper()
	if tg.engine == "postgres" {
		if n := count(t, db, "SELECT 1"); n != 1 {
			t.Fatalf("PostgreSQL answered %d to SELECT 1", n)
		}
		return
	}
	rows, err := db.Query("PRAGMA integrity_check")
	if err != nil {
		t.Fatalf("integrity_check: %v", err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			t.Fatal(err)
		}
		lines = append(lines, s)
	}
	if len(lines) != 1 || lines[0] != "ok" {
		t.Fatalf("SQLite integrity_check: %v", lines)
	}
}

// logBuffer keeps a process's output, safe to read while the process writes.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// run runs the program to its end and returns its standard output; a failure fails the test
// with its output.
func run(t testing.TB, env []string, stdin string, args ...string) string {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("klimaspor %s: %v\n%s%s", strings.Join(args, " "), err, out.String(), errOut.String())
	}
	return out.String()
}

// server is one running `klimaspor serve` (or demo) process.
type server struct {
	t       testing.TB
	name    string
	cmd     *exec.Cmd
	URL     string // http://ADDR
	log     *logBuffer
	done    chan struct{}
	started time.Time
	ready   time.Duration // from start to /readyz answering 200
	addr    chan string   // the address it prints once it listens
}

// start starts `klimaspor COMMAND` (serve or demo) listening on a free loopback port with the
// environment given, and waits until /readyz answers. Its log is printed if the test fails.
func start(t testing.TB, name string, env []string, command string) *server {
	t.Helper()
	s := launch(t, name, env, command)
	s.waitReady()
	return s
}

// launch starts the process as start does and returns before it is ready.
func launch(t testing.TB, name string, env []string, command string) *server {
	t.Helper()
	s := &server{t: t, name: name, log: &logBuffer{}, done: make(chan struct{}), started: time.Now(), addr: make(chan string, 1)}
	s.cmd = exec.Command(binary, command)
	s.cmd.Env = append(os.Environ(), append([]string{"KLIMASPOR_ADDR=127.0.0.1:0", "KLIMASPOR_COOKIE_SECURE=false", "KLIMASPOR_LOG_LEVEL=warn"}, env...)...)
	s.cmd.Stdout = s.log
	pr, pw := io.Pipe()
	s.cmd.Stderr = pw
	if err := s.cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	addr := s.addr
	go func() {
		sc := bufio.NewScanner(pr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			s.log.Write([]byte(line + "\n"))
			if rest, ok := strings.CutPrefix(line, "Klimaspor is at http://"); ok {
				a, _, _ := strings.Cut(rest, "/")
				select {
				case addr <- a:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	go func() {
		s.cmd.Wait()
		pw.Close()
		close(s.done)
	}()
	t.Cleanup(func() {
		s.kill()
		if t.Failed() {
			t.Logf("log of %s:\n%s", name, s.log.String())
		}
	})
	return s
}

// waitReady waits until the process listens and its /readyz answers 200.
func (s *server) waitReady() {
	t, name := s.t, s.name
	t.Helper()
	select {
	case a := <-s.addr:
		s.URL = "http://" + a
	case <-s.done:
		t.Fatalf("%s ended before it listened:\n%s", name, s.log.String())
	case <-time.After(5 * time.Minute):
		t.Fatalf("%s did not listen within 5 minutes:\n%s", name, s.log.String())
	}
	for {
		resp, err := http.Get(s.URL + "/readyz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				break
			}
		}
		select {
		case <-s.done:
			t.Fatalf("%s ended before it was ready:\n%s", name, s.log.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	s.ready = time.Since(s.started)
}

// kill ends the process with SIGKILL at once and waits for it.
func (s *server) kill() {
	s.cmd.Process.Signal(syscall.SIGKILL)
	<-s.done
}

// stop ends the process with SIGTERM, as an operator would, and waits for it to shut down.
func (s *server) stop() {
	s.t.Helper()
	s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		s.kill()
		s.t.Errorf("%s did not stop within 30 s of SIGTERM", s.name)
	}
}

// client speaks JSON to a server's API with a token.
type client struct {
	base, token string
	http        *http.Client
}

func (c client) do(ctx context.Context, method, path, body string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if name, ok := ctx.Value(backendKey{}).(string); ok {
		req.Header.Set(backendHeader, name)
	}
	hc := c.http
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, b, err
}

// adminToken makes an administrator and a write token of theirs in the database.
func adminToken(t testing.TB, env []string) string {
	t.Helper()
	run(t, env, "crash-harness-password-1\n", "user", "add", "--email", "admin@ops.test", "--role", "admin", "--password-stdin")
	out := run(t, env, "", "user", "token", "--email", "admin@ops.test", "--name", "opstest", "--scope", "write")
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "ks_") {
			return f
		}
	}
	t.Fatalf("user token printed no token: %q", out)
	return ""
}
