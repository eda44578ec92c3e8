package public_test

import (
	"context"
	"strings"
	"testing"

	"klimaspor/internal/model"
	"klimaspor/internal/web"
	"klimaspor/internal/web/sitetest"
)

// TestYearsComeFromTheData: the front page's accounts year and the municipality page's
// emissions chart take their years from the values there are, so a new year of the energy
// and CO2 accounts appears without a change of code.
func TestYearsComeFromTheData(t *testing.T) {
	s, ts := sitetest.Start(t, web.New)
	ctx := context.Background()
	kbh, err := s.One(ctx, model.Organisations, map[string]string{"code": "101"})
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []struct {
		code, breakdown string
		value           float64
	}{
		{model.IndicatorCO2ePerCapita, "", 1.25},
		{model.IndicatorCO2eTotal, "", 800000},
		{model.IndicatorCO2eTotal, model.EmissionBreakdown(model.EmissionEnergy), 800000},
	} {
		ind, err := s.One(ctx, model.Indicators, map[string]string{"code": v.code})
		if err != nil {
			t.Fatal(err)
		}
		rec := model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2030", "breakdown": v.breakdown, "value": v.value}
		if _, err := s.DB.Create(ctx, model.IndicatorValues, rec); err != nil {
			t.Fatalf("%s %q: %v", v.code, v.breakdown, err)
		}
	}
	home := sitetest.Fetch(t, ts.URL+"/", map[string]string{"Accept-Language": "da"}, "")
	if !strings.Contains(home.Body, "Udledning af drivhusgasser pr. indbygger 2030") || strings.Contains(home.Body, "pr. indbygger 2023") {
		t.Error("the front page's map does not show the accounts' latest year, 2030")
	}
	muni := sitetest.Fetch(t, ts.URL+"/kommuner/101", map[string]string{"Accept-Language": "da"}, "")
	if !strings.Contains(muni.Body, "Udledning af drivhusgasser efter sektor i København 2018–2030") {
		t.Error("the emissions chart does not run from the first to the last year of the accounts, 2018–2030")
	}
}
