package main

import (
	"bytes"
	"os"
	"testing"
)

// TestViewsAreGenerated fails when views_gen.go is not what the descriptors give: a field
// was added or changed without running `go generate ./internal/model`.
func TestViewsAreGenerated(t *testing.T) {
	want, err := Generate()
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("../views_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("internal/model/views_gen.go is stale: run go generate ./internal/model")
	}
}

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"owner_project_id": "OwnerProjectID", "indicator value": "IndicatorValue", "name_da": "NameDA",
		"effect_t_co2e": "EffectTCO2e", "cost_dkk_high": "CostDKKHigh", "theme_ids": "ThemeIDs", "organisation": "Organisation",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}
