package demo_test

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// TestVIPProjectsPinned keeps what the demo stores for the VIP projects byte for byte: the
// projects, participants, indicators, goals, values and actions (all but timestamps) hash
// to the recorded value, so that a refactor of the loader cannot change them unnoticed. A
// deliberate change of the demo data updates the hash.
func TestVIPProjectsPinned(t *testing.T) {
	db := loaded(t)
	h := sha256.New()
	for _, res := range []*model.Resource{model.Projects, model.Participants, model.Indicators, model.Goals, model.IndicatorValues, model.Actions} {
		for _, r := range all(t, db, res, nil) {
			keys := make([]string, 0, len(r))
			for k := range r {
				if !strings.HasSuffix(k, "_at") {
					keys = append(keys, k)
				}
			}
			sort.Strings(keys)
			fmt.Fprint(h, res.Name)
			for _, k := range keys {
				fmt.Fprintf(h, " %s=%#v", k, r[k])
			}
			fmt.Fprintln(h)
		}
	}
	if got, want := hex.EncodeToString(h.Sum(nil)[:8]), "e5988e692cd6ef15"; got != want {
		t.Errorf("demo records hash %s, want %s", got, want)
	}
}
