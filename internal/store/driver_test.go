package store_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestSQLiteDriverMatchesItsLibc guards against a known trap: modernc.org/sqlite works
// only with exactly the modernc.org/libc its own go.mod names, and `go get` of another
// sqlite version does not move libc along.
func TestSQLiteDriverMatchesItsLibc(t *testing.T) {
	// The versions the build selects (test binaries carry no dependency list of their own).
	sel, err := exec.Command("go", "list", "-m", "-f", "{{.Path}} {{.Version}}", "modernc.org/sqlite", "modernc.org/libc").Output()
	if err != nil {
		t.Fatalf("go list -m: %v", err)
	}
	var sqliteV, libcV string
	for _, line := range strings.Split(strings.TrimSpace(string(sel)), "\n") {
		path, v, _ := strings.Cut(line, " ")
		switch path {
		case "modernc.org/sqlite":
			sqliteV = v
		case "modernc.org/libc":
			libcV = v
		}
	}
	if sqliteV == "" || libcV == "" {
		t.Fatalf("sqlite %q / libc %q not in the build", sqliteV, libcV)
	}
	out, err := exec.Command("go", "env", "GOMODCACHE").Output()
	if err != nil {
		t.Fatalf("go env GOMODCACHE: %v", err)
	}
	modFile := filepath.Join(strings.TrimSpace(string(out)), "cache", "download", "modernc.org", "sqlite", "@v", sqliteV+".mod")
	mod, err := os.ReadFile(modFile)
	if err != nil {
		t.Fatalf("read sqlite's go.mod: %v", err)
	}
	m := regexp.MustCompile(`modernc\.org/libc (v\S+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatalf("%s names no libc", modFile)
	}
	if want := string(m[1]); want != libcV {
		t.Errorf("modernc.org/sqlite %s needs modernc.org/libc %s, but the build has %s: run go get modernc.org/libc@%s", sqliteV, want, libcV, want)
	}
}
