package audit

import (
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"klimaspor/internal/model"
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
