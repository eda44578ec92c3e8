package demo

import (
	"context"
	"encoding/json"
	"fmt"

	"klimaspor/internal/model"
	"klimaspor/internal/store"
)

// The municipalities' emission targets (C6): the capital region's as data/emission_targets.json
// gives them from the sources, one record per target with a year and an amount. Every
// municipality the sources give no such target (the other capital-region ones and the rest
// of the country) gets an example one, labelled and marked as such: climate neutral by 2050,
// the nation's own goal.

type targetsFile struct {
	Note    string       `json:"note"`
	Targets []targetLine `json:"targets"`
}

type targetLine struct {
	Code         string   `json:"code"`
	BaseYear     int64    `json:"base_year"`
	TargetYear   int64    `json:"target_year"`
	ReductionPct *float64 `json:"reduction_pct"`
	NetZero      bool     `json:"net_zero"`
	Label        string   `json:"label"`
	Source       string   `json:"source"`
}

// exampleTargetLabel is the example target's label: it says it is one.
const exampleTargetLabel = "Eksempel: klimaneutral i 2050 (landets mål) – kommunens eget mål mangler i kilderne"

// LoadTargets adds the municipalities' emission targets, unless there are targets already.
// It runs after Load.
func LoadTargets(ctx context.Context, db *store.DB) error {
	if n, err := db.Count(ctx, model.EmissionTargets); err != nil || n > 0 {
		return err
	}
	b, err := dataFS.ReadFile("data/emission_targets.json")
	if err != nil {
		return fmt.Errorf("demo: targets: %w", err)
	}
	var f targetsFile
	if err := json.Unmarshal(b, &f); err != nil {
		return fmt.Errorf("demo: targets: %w", err)
	}
	return db.Tx(ctx, func(tx *store.Tx) error {
		munis, err := tx.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: 1000})
		if err != nil {
			return fmt.Errorf("demo: targets: %w", err)
		}
		byCode := map[string]int64{}
		for _, m := range munis.Items {
			byCode[model.AsOrganisation(m).Code()] = m.ID()
		}
		has := map[string]bool{}
		for _, t := range f.Targets {
			org, ok := byCode[t.Code]
			if !ok {
				return fmt.Errorf("demo: targets: no municipality %s", t.Code)
			}
			rec := model.Record{"organisation_id": org, "target_year": t.TargetYear, "net_zero": t.NetZero, "boundary": "territorial",
				"label": t.Label, "source": t.Source}
			if t.BaseYear != 0 {
				rec["base_year"] = t.BaseYear
			}
			if t.ReductionPct != nil {
				rec["reduction_pct"] = *t.ReductionPct
			}
			if _, err := tx.Create(ctx, model.EmissionTargets, rec); err != nil {
				return fmt.Errorf("demo: target of %s: %w", t.Code, err)
			}
			has[t.Code] = true
		}
		for code, org := range byCode {
			if has[code] {
				continue
			}
			if _, err := tx.Create(ctx, model.EmissionTargets, model.Record{"organisation_id": org, "target_year": int64(2050), "net_zero": true,
				"boundary": "territorial", "label": exampleTargetLabel, "source": exampleSource, "example": true}); err != nil {
				return fmt.Errorf("demo: example target of %s: %w", code, err)
			}
		}
		return nil
	})
}
