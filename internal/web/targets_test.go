package web

import (
	"context"
	"regexp"
	"strings"
	"testing"

	"klimaspor/internal/model"
)

// TestFrontPageAndMunicipalityAgreeOnProgress: the front page and the municipality page
// judge an indicator's progress by one rule (model.Indicator.Progress). An indicator where
// higher is better and that has no baseline counts from zero on both, so 10 of a target of
// 20 is 50 % on each; the municipality page used to say it had no target while the front
// page drew the bar.
func TestFrontPageAndMunicipalityAgreeOnProgress(t *testing.T) {
	s, ts := newTestServer(t)
	ctx := context.Background()
	kbh, err := s.one(ctx, model.Organisations, map[string]string{"code": "101"})
	if err != nil {
		t.Fatal(err)
	}
	vip1, err := s.one(ctx, model.Projects, map[string]string{"code": "VIP1"})
	if err != nil {
		t.Fatal(err)
	}
	// The name sorts first, so the municipality page shows it among its first indicators.
	ind := mustCreate(t, s, ctx, model.Indicators, model.Record{"code": "faelles-maal", "name_da": "0 Fælles mål", "unit": "stk.",
		"direction": "higher", "owner_project_id": vip1.ID(), "targets": []model.Target{{Year: 2100, Value: 20}}})
	mustCreate(t, s, ctx, model.IndicatorValues, model.Record{"indicator_id": ind.ID(), "organisation_id": kbh.ID(), "period": "2024", "value": 10.0})

	bar := func(body, id string) string {
		return regexp.MustCompile(`(?s)<svg[^>]*aria-labelledby="` + regexp.QuoteMeta(id) + `-title.*?</svg>`).FindString(body)
	}
	home := fetch(t, ts.URL+"/", actDA, "")
	if b := bar(home.body, "fremdrift-"+idString(ind.ID())); b == "" || !strings.Contains(b, `class="chart-progress-text">50`) {
		t.Errorf("the front page draws no progress bar at 50 %% for the indicator:\n%s", b)
	}
	muni := fetch(t, ts.URL+"/kommuner/101", actDA, "")
	if b := bar(muni.body, "noegletal-fremdrift-faelles-maal"); b == "" || !strings.Contains(b, `class="chart-progress-text">50`) {
		t.Errorf("the municipality page draws no progress bar at 50 %% for the indicator:\n%s", b)
	}
}
