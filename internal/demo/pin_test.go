package demo_test

import (
	"context"
	"testing"

	"klimaspor/internal/demo"
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

// TestLibraryPinned keeps the knowledge library's demo items byte for byte (all but
// timestamps), links included: the search's relevance set is written against them. A
// deliberate change of data/library_items.json updates the hash.
func TestLibraryPinned(t *testing.T) {
	db := loaded(t)
	if err := demo.LoadLibrary(context.Background(), db); err != nil {
		t.Fatal(err)
	}
	got := storetest.Fingerprint(t, db, model.LibraryItems)
	if want := "8eaec7c4814409da"; got != want {
		t.Errorf("library items hash %s, want %s", got, want)
	}
}
