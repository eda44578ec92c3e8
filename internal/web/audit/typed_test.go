package audit

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/i18n"
	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// A record read back from the audit trail has the Go types of its kinds, as the store's own
// records have: the model's decoding of each kind, not one of the pages' own.
func TestAuditRecordsAreReadByKind(t *testing.T) {
	var raw model.Record
	if err := json.Unmarshal([]byte(`{"id": 7, "owner_plan_id": 3, "baseline_value": 2.5, "example": true,
		"targets": [{"year": 2030, "value": 0}], "direction": "down", "owner_project_id": null}`), &raw); err != nil {
		t.Fatal(err)
	}
	want := model.Record{"id": int64(7), "owner_plan_id": int64(3), "baseline_value": 2.5, "example": true,
		"targets": []model.Target{{Year: 2030, Value: 0}}, "direction": "down", "owner_project_id": nil}
	if diff := cmp.Diff(want, typed(model.Indicators, raw)); diff != "" {
		t.Errorf("typed (-want +got):\n%s", diff)
	}
}

// A rejected theme suggestion is filed under its action's id (store.AuditThemeSuggestions):
// the trail names it in words and links to the action's history, in both languages.
func TestRejectedSuggestionEntry(t *testing.T) {
	for _, c := range []struct {
		lang i18n.Lang
		want string
	}{{i18n.Danish, "Afvist temaforslag for indsats 42"}, {i18n.English, "Rejected theme suggestion for action 42"}} {
		h := describeEntry(i18n.For(c.lang), store.AuditEntry{Resource: store.AuditThemeSuggestions, RecordID: 42, Op: "create", Channel: store.ChannelWeb})
		if h.Record != c.want || h.RecordHref != "/historik/actions/42" {
			t.Errorf("%s: %q %q, want %q /historik/actions/42", c.lang, h.Record, h.RecordHref, c.want)
		}
	}
}

// A library item's file is filed under its own id (store.AuditLibraryFiles): the trail names
// it and its item and links to the item's history, for an upload and for a delete.
func TestLibraryFileEntry(t *testing.T) {
	rec := model.Record{"id": 7.0, "library_item_id": 42.0, "name": "Bæredygtig indkøb.pdf"}
	for _, c := range []struct {
		lang i18n.Lang
		e    store.AuditEntry
		want string
	}{
		{i18n.Danish, store.AuditEntry{Resource: store.AuditLibraryFiles, RecordID: 7, Op: "create", After: rec}, `Filen "Bæredygtig indkøb.pdf" på materiale 42`},
		{i18n.English, store.AuditEntry{Resource: store.AuditLibraryFiles, RecordID: 7, Op: "delete", Before: rec}, `The file "Bæredygtig indkøb.pdf" of library item 42`},
	} {
		h := describeEntry(i18n.For(c.lang), c.e)
		if h.Record != c.want || h.RecordHref != "/historik/library-items/42" {
			t.Errorf("%s: %q %q, want %q /historik/library-items/42", c.lang, h.Record, h.RecordHref, c.want)
		}
	}
}
