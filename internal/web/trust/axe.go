package trust

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"time"
)

// dataFS holds the recorded axe-core run (data/README.md says how it is made).
//
//go:embed data
var dataFS embed.FS

// AxeFile is the recorded run's path in the module, for the browser suite that writes it.
const AxeFile = "internal/web/trust/data/axe_results.json"

// AxeRun is one run of axe-core over the browser suite's pages.
type AxeRun struct {
	At         time.Time `json:"at"`          // when the suite ran
	AxeVersion string    `json:"axe_version"` // axe-core's version
	Tags       []string  `json:"tags"`        // the rule sets run: WCAG 2.0 and 2.1, A and AA
	Rules      []string  `json:"rules"`       // the rules axe-core ran, by id
	Pages      []AxePage `json:"pages"`       // each page in each language, in the suite's order
}

// AxePage is what axe-core found on one page in one language.
type AxePage struct {
	Name       string         `json:"name"`   // the suite's name of the page
	Path       string         `json:"path"`   // the address checked
	Lang       string         `json:"lang"`   // da or en
	Signed     bool           `json:"signed"` // seen by a signed-in administrator
	Passes     int            `json:"passes"` // rules the page passed
	Violations []AxeViolation `json:"violations"`
}

// AxeViolation is one rule a page broke.
type AxeViolation struct {
	ID      string `json:"id"`
	Impact  string `json:"impact"` // minor, moderate, serious or critical
	Help    string `json:"help"`
	HelpURL string `json:"help_url"`
	Nodes   int    `json:"nodes"` // how many elements break it
}

// Key names a page check for comparing runs: the suite's name and the language.
func (p AxePage) Key() string { return p.Name + "/" + p.Lang }

// Keys are the run's page checks, in order.
func (r *AxeRun) Keys() []string {
	var out []string
	for _, p := range r.Pages {
		out = append(out, p.Key())
	}
	return out
}

// Violations counts the violations over every page.
func (r *AxeRun) Violations() int {
	n := 0
	for _, p := range r.Pages {
		n += len(p.Violations)
	}
	return n
}

// PageNames counts the distinct pages (each was checked in both languages).
func (r *AxeRun) PageNames() int {
	var names []string
	for _, p := range r.Pages {
		if !slices.Contains(names, p.Name) {
			names = append(names, p.Name)
		}
	}
	return len(names)
}

// RecordedAxeRun is the run recorded in the binary, or nil if none is.
func RecordedAxeRun() (*AxeRun, error) {
	b, err := dataFS.ReadFile("data/axe_results.json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("trust: %w", err)
	}
	var run AxeRun
	if err := json.Unmarshal(b, &run); err != nil {
		return nil, fmt.Errorf("trust: %s: %w", AxeFile, err)
	}
	return &run, nil
}

// WriteAxeRun writes a run to path (the browser suite, recording).
func WriteAxeRun(path string, run *AxeRun) error {
	b, err := json.MarshalIndent(run, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(b, '\n'), 0o644)
}
