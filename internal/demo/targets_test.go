package demo_test

import (
	"context"
	"testing"

	"klimaspor/internal/demo"
	"klimaspor/internal/model"
)

// TestLoadTargets: every municipality has a target; the eleven capital-region ones the
// sources give are theirs with their sources, the rest are labelled examples; a second load
// adds nothing.
func TestLoadTargets(t *testing.T) {
	ctx := context.Background()
	db := loaded(t)
	for range 2 {
		if err := demo.LoadTargets(ctx, db); err != nil {
			t.Fatal(err)
		}
	}
	page, err := db.List(ctx, model.EmissionTargets, model.ListQuery{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	byOrg := map[int64][]model.EmissionTarget{}
	for _, r := range page.Items {
		tg := model.AsEmissionTarget(r)
		byOrg[tg.OrganisationID()] = append(byOrg[tg.OrganisationID()], tg)
	}
	orgs, err := db.List(ctx, model.Organisations, model.ListQuery{Filters: map[string]string{"kind": "municipality"}, Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	capital, examples := 0, 0
	for _, o := range orgs.Items {
		org := model.AsOrganisation(o)
		ts := byOrg[o.ID()]
		if len(ts) == 0 {
			continue
		}
		capital++
		for _, tg := range ts {
			if tg.Example() {
				examples++
				if !tg.NetZero() || tg.TargetYear() != 2050 || tg.Source() == "" {
					t.Errorf("%s: example target %v", org.NameDA(), tg.Record)
				}
			} else if tg.Source() == "" || tg.Label() == "" {
				t.Errorf("%s: target without source or label: %v", org.NameDA(), tg.Record)
			}
		}
		if org.Code() == "173" && (len(ts) != 2 || ts[0].Example()) {
			t.Errorf("Lyngby-Taarbæk's targets = %v, want its two own", ts)
		}
	}
	if capital != 98 {
		t.Errorf("%d municipalities have targets, want all 98", capital)
	}
	if examples != 98-11 {
		t.Errorf("%d example targets, want %d (the municipalities the sources give no target)", examples, 98-11)
	}
}
