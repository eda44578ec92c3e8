package public

import (
	"os"
	"regexp"
	"testing"
)

// TestNoticesLookDifferent: example data, a draft, a confirmation (role=status) and an
// error (role=alert) each have a background of their own (issue 10, 8: they all shared
// .example-note's), and the action page marks its draft note as one.
func TestNoticesLookDifferent(t *testing.T) {
	css, err := os.ReadFile("../static/site.css")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]string{}
	for _, sel := range []string{`.example-note`, `.notice-draft`, `.example-note[role=status]`, `.example-note[role=alert]`} {
		m := regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(sel) + `\{[^}]*background:(#[0-9a-f]+)`).FindSubmatch(css)
		if m == nil {
			t.Errorf("no background for %s", sel)
			continue
		}
		if other, dup := seen[string(m[1])]; dup {
			t.Errorf("%s looks like %s (%s)", sel, other, m[1])
		}
		seen[string(m[1])] = sel
	}
	tmpl, err := os.ReadFile("templates/action.html")
	if err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`\{\{if \.Draft\}\}<p class="[^"]*notice-draft`).Match(tmpl) {
		t.Error("the action page's draft note is not a notice-draft")
	}
}
