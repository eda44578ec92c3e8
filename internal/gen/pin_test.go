package gen_test

import (
	"context"
	"io"
	"testing"

	"klimaspor/internal/gen"
	"klimaspor/internal/model"
	"klimaspor/internal/store/storetest"
)

// TestGeneratedRecordsPinned keeps what Generate stores for a seed byte for byte: its
// counts and every record (all but timestamps) hash to the recorded values, so that a
// refactor of the generator cannot change the data set unnoticed. A deliberate change
// updates the hash.
func TestGeneratedRecordsPinned(t *testing.T) {
	db := storetest.Open(t, "sqlite")
	st, err := gen.Generate(context.Background(), db, tiny(), io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	st.Records, st.Values, st.Total = 0, 0, 0 // times
	if got, want := st, gen.Counts(tiny()); got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
	if got, want := storetest.Fingerprint(t, db, model.All...), "188f0b3a6bd6a5fd"; got != want {
		t.Errorf("generated records hash %s, want %s", got, want)
	}
}
