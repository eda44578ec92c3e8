package mailtest

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"
)

// The SMTP server can also run as a process of its own: StartProcess starts the test binary
// again with processEnv set, and the new process's TestMain calls ServeIfChild, which serves
// SMTP on loopback and reports each message on its standard output. A test then talks to a
// real SMTP server in another process over TCP, as the product does in production.

const processEnv = "KLIMASPOR_MAILTEST_PROCESS"

// wireMessage is a message as the child process reports it.
type wireMessage struct {
	From string   `json:"from"`
	To   []string `json:"to"`
	Data []byte   `json:"data"`
}

// ServeIfChild serves SMTP and exits when this process was started by StartProcess; it
// returns at once otherwise. Call it first in a package's TestMain.
func ServeIfChild() {
	if os.Getenv(processEnv) != "1" {
		return
	}
	s, err := newServer()
	if err != nil {
		fmt.Fprintln(os.Stderr, "mailtest process:", err)
		os.Exit(1)
	}
	out := bufio.NewWriter(os.Stdout)
	var mu sync.Mutex
	s.onDeliver = func(r Received) {
		b, _ := json.Marshal(wireMessage{From: r.From, To: r.To, Data: r.Data})
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintln(out, "MESSAGE "+base64.StdEncoding.EncodeToString(b))
		out.Flush()
	}
	mu.Lock()
	fmt.Fprintln(out, "LISTENING "+s.Addr())
	out.Flush()
	mu.Unlock()
	// The parent closes our standard input when its test ends.
	io.Copy(io.Discard, os.Stdin)
	s.close()
	os.Exit(0)
}

// Process is an SMTP server running in a process of its own.
type Process struct {
	addr     string
	mu       sync.Mutex
	messages []Received
	changed  chan struct{}
}

// StartProcess starts the SMTP server as a child process on 127.0.0.1; it stops when the
// test ends. The package's TestMain must call ServeIfChild.
func StartProcess(t testing.TB) *Process {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), processEnv+"=1")
	cmd.Stderr = os.Stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("mailtest: start the SMTP process: %v", err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
		}
	})
	p := &Process{changed: make(chan struct{})}
	lines := bufio.NewScanner(stdout)
	lines.Buffer(make([]byte, 1<<20), 16<<20)
	if !lines.Scan() || !strings.HasPrefix(lines.Text(), "LISTENING ") {
		t.Fatalf("mailtest: the SMTP process did not start: %q", lines.Text())
	}
	p.addr = strings.TrimPrefix(lines.Text(), "LISTENING ")
	go func() {
		for lines.Scan() {
			raw, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(lines.Text(), "MESSAGE "))
			if err != nil {
				continue
			}
			var m wireMessage
			if json.Unmarshal(raw, &m) != nil {
				continue
			}
			p.mu.Lock()
			p.messages = append(p.messages, received(m.From, m.To, m.Data, false, ""))
			close(p.changed)
			p.changed = make(chan struct{})
			p.mu.Unlock()
		}
	}()
	return p
}

// Host is the process's address without the port.
func (p *Process) Host() string { h, _, _ := strings.Cut(p.addr, ":"); return h }

// Port is the process's port.
func (p *Process) Port() int {
	var port int
	_, after, _ := strings.Cut(p.addr, ":")
	fmt.Sscan(after, &port)
	return port
}

// WaitFor waits until at least n messages have arrived and returns them; it fails the test
// after timeout.
func (p *Process) WaitFor(t testing.TB, n int, timeout time.Duration) []Received {
	t.Helper()
	deadline := time.After(timeout)
	for {
		p.mu.Lock()
		if len(p.messages) >= n {
			out := append([]Received(nil), p.messages...)
			p.mu.Unlock()
			return out
		}
		changed, got := p.changed, len(p.messages)
		p.mu.Unlock()
		select {
		case <-changed:
		case <-deadline:
			t.Fatalf("mailtest: the SMTP process got %d messages within %v, want %d", got, timeout, n)
			return nil
		}
	}
}
