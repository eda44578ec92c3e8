package demo_test

import (
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
)

// TestVIPProjectsPinned keeps what the demo stores for the VIP projects byte for byte: the
// projects, participants, indicators, goals, values and actions (all but timestamps) hash
// to the recorded value, so that a refactor of the loader cannot change them unnoticed. A
// deliberate change of the demo data updates the hash.
func TestVIPProjectsPinned(t *testing.T) {
	got := storetest.Fingerprint(t, loaded(t), model.Projects, model.Participants, model.Indicators, model.Goals, model.IndicatorValues, model.Actions)
	if want := "15e4dd88c39ee776"; got != want {
		t.Errorf("demo records hash %s, want %s", got, want)
	}
}
