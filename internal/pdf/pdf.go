// Package pdf turns a self-contained HTML page (inline CSS, @page rules) into a PDF with headless
// Chromium, so the roll-up documents are printed by the same engine the print stylesheet is
// tested in (internal/webtest). The PDF has real, selectable text, its headings (h1–h6) as the
// outline, no header or footer of the browser's, and the page size the CSS asks for.
//
// It runs Chromium's own command line (--print-to-pdf with --generate-pdf-document-outline)
// rather than driving it over the DevTools protocol: one process per document, nothing to
// connect to, and the same flags work with Debian's chromium and Google's.
package pdf

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// ErrNoBrowser says no Chromium was found; the error that wraps it says how to get one.
var ErrNoBrowser = errors.New("the PDF needs Chromium, which was not found: install it (Debian: apt-get install chromium) or set KLIMASPOR_CHROMIUM to the browser's path")

// EnvChromium names the environment variable that gives the browser's path.
const EnvChromium = "KLIMASPOR_CHROMIUM"

// DefaultTimeout bounds a render whose context has no deadline of its own.
const DefaultTimeout = 30 * time.Second

// names are the browsers looked for on PATH, in this order.
var names = []string{"chromium", "chromium-browser", "google-chrome"}

// renders holds one token per render running: each starts a whole browser, and the machine has
// two cores, so more at once would only make each slower and risk the callers' timeouts.
var renders = make(chan struct{}, 2)

// Options says how to render. The zero value finds the browser itself.
type Options struct {
	// Chromium is the browser's path. Empty means the path in KLIMASPOR_CHROMIUM, or when that
	// is empty the first of chromium, chromium-browser and google-chrome on PATH.
	Chromium string
}

// Render prints a self-contained HTML page to PDF with the browser Options{} finds.
func Render(ctx context.Context, html []byte) ([]byte, error) {
	return Options{}.Render(ctx, html)
}

// Browser returns the browser's path, or an error wrapping ErrNoBrowser.
func (o Options) Browser() (string, error) {
	path, from := o.Chromium, "Options.Chromium"
	if path == "" {
		path, from = os.Getenv(EnvChromium), EnvChromium
	}
	if path != "" {
		// A path that was given and is wrong is an error, not a reason to try another browser.
		p, err := exec.LookPath(path)
		if err != nil {
			return "", fmt.Errorf("pdf: %s is %q, which is not a program (%v): %w", from, path, err, ErrNoBrowser)
		}
		return p, nil
	}
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("pdf: none of %s is on PATH: %w", strings.Join(names, ", "), ErrNoBrowser)
}

// Render prints a self-contained HTML page to PDF. The page must not need the network: every
// host name resolves to nothing, so a stray external reference fails at once instead of
// waiting for the timeout. The context bounds the whole render, the wait for a free slot
// included; without a deadline it gets DefaultTimeout.
func (o Options) Render(ctx context.Context, html []byte) ([]byte, error) {
	browser, err := o.Browser()
	if err != nil {
		return nil, err
	}
	if _, ok := ctx.Deadline(); !ok {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, DefaultTimeout)
		defer cancel()
	}
	select {
	case renders <- struct{}{}:
		defer func() { <-renders }()
	case <-ctx.Done():
		return nil, fmt.Errorf("pdf: wait for a free browser: %w", context.Cause(ctx))
	}

	dir, err := os.MkdirTemp("", "klimaspor-pdf-")
	if err != nil {
		return nil, fmt.Errorf("pdf: temporary directory: %w", err)
	}
	defer os.RemoveAll(dir)
	page := filepath.Join(dir, "page.html")
	out := filepath.Join(dir, "page.pdf")
	if err := os.WriteFile(page, html, 0o600); err != nil {
		return nil, fmt.Errorf("pdf: write the page: %w", err)
	}

	cmd := exec.CommandContext(ctx, browser,
		"--headless",
		"--no-sandbox", // as root in a container there is no sandbox to be had
		"--disable-gpu",
		"--disable-background-networking",
		"--disable-component-update",
		"--no-first-run",
		"--no-default-browser-check",
		"--host-resolver-rules=MAP * ~NOTFOUND", // no page reference reaches a network, IP literals included
		"--user-data-dir="+filepath.Join(dir, "profile"),
		"--no-pdf-header-footer",
		"--generate-pdf-document-outline",
		"--print-to-pdf="+out,
		"file://"+filepath.ToSlash(page),
	)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	killGroup(cmd)
	// Chromium's helpers may hold the output pipe a moment after the browser has gone.
	cmd.WaitDelay = 5 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("pdf: %s did not finish in time: %w", browser, context.Cause(ctx))
	}
	if runErr != nil {
		return nil, fmt.Errorf("pdf: run %s: %w: %s", browser, runErr, tail(log.String()))
	}
	doc, err := os.ReadFile(out)
	if err != nil || !bytes.HasPrefix(doc, []byte("%PDF-")) {
		return nil, fmt.Errorf("pdf: %s wrote no PDF: %s", browser, tail(log.String()))
	}
	return doc, nil
}

// tail is the end of the browser's output, for an error message: its last lines say what went
// wrong, after its routine complaints (no D-Bus in a container, …).
func tail(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > 5 {
		lines = lines[len(lines)-5:]
	}
	return strings.Join(lines, " | ")
}
